//! What the link checker tells a person on stderr while it works: a progress
//! bar on a terminal, a one-line summary otherwise (CI logs), or nothing.

use std::collections::HashMap;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::LinkStatus;

/// How the link checker reports on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Progress {
    /// Nothing at all (library use, tests).
    #[default]
    Hidden,
    /// A live bar with counts per status and the rate, then the summary; for
    /// a terminal.
    Bar,
    /// Only notices and a final one-line summary; for logs.
    Summary,
}

/// Counts verdicts and draws them.
#[derive(Debug)]
pub(crate) struct Reporter {
    style: Progress,
    bar: Option<ProgressBar>,
    counts: HashMap<LinkStatus, usize>,
    done: usize,
}

impl Reporter {
    /// Starts reporting on `total` links.
    pub(crate) fn start(style: Progress, total: usize) -> Self {
        let bar = (style == Progress::Bar).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            // The template is a constant; a bad one would only lose the bar.
            // indicatif's own {per_sec} prints four decimals; whole links a
            // second read better.
            if let Ok(template) = ProgressStyle::with_template(
                "{spinner} checking links {pos}/{len} [{elapsed}] {rate} {wide_msg}",
            ) {
                let template = template.with_key(
                    "rate",
                    |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0}/s", state.per_sec());
                    },
                );
                bar.set_style(template);
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self {
            style,
            bar,
            counts: HashMap::new(),
            done: 0,
        }
    }

    /// A sentence for the person running the check, said once.
    pub(crate) fn notice(&self, text: &str) {
        match (&self.bar, self.style) {
            (Some(bar), _) => bar.println(format!("citecheck: {text}")),
            (None, Progress::Summary) => eprintln!("citecheck: {text}"),
            _ => {}
        }
    }

    /// Counts one verdict.
    pub(crate) fn record(&mut self, status: LinkStatus) {
        *self.counts.entry(status).or_default() += 1;
        self.done += 1;
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(self.tally());
        }
    }

    /// Clears the bar and prints the summary line.
    pub(crate) fn finish(self, elapsed: Duration) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.style != Progress::Hidden {
            let secs = elapsed.as_secs_f64();
            let rate = if secs > 0.0 {
                self.done as f64 / secs
            } else {
                0.0
            };
            let plural = if self.done == 1 { "" } else { "s" };
            eprintln!(
                "citecheck: checked {} distinct link{plural} in {secs:.1} s ({rate:.0}/s): {}",
                self.done,
                self.tally()
            );
        }
    }

    fn tally(&self) -> String {
        LinkStatus::ALL
            .iter()
            .filter_map(|s| self.counts.get(s).map(|n| format!("{s} {n}")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
