//! What the link checker tells a person on stderr while it works: a progress
//! bar on a terminal (count, rate, time left), a one-line summary otherwise,
//! and in CI (`CI` set) a line every 10 seconds so that a long job shows it
//! is alive — or nothing.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::status::LinkStatus;

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
    /// Verdicts so far, shared with the heartbeat.
    judged: Arc<AtomicUsize>,
    /// Stops the heartbeat.
    stop: Arc<AtomicBool>,
}

/// How often a CI log hears from a long run: every 10 s, or every
/// `CITECHECK_PROGRESS_SECS` seconds.
fn heartbeat_interval() -> Option<Duration> {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    let secs = std::env::var("CITECHECK_PROGRESS_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0);
    match (ci, secs) {
        (_, Some(secs)) => Some(Duration::from_secs_f64(secs)),
        (true, None) => Some(Duration::from_secs(10)),
        (false, None) => None,
    }
}

/// One heartbeat line: how many of how many, the rate, the time left.
fn heartbeat_line(done: usize, total: usize, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
    let left = if rate > 0.0 {
        format!(
            ", about {:.0} s left",
            total.saturating_sub(done) as f64 / rate
        )
    } else {
        String::new()
    };
    format!("citecheck: checked {done}/{total} links ({rate:.0}/s){left}")
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
                "{spinner} checking links {pos}/{len} [{elapsed}, {eta} left] {rate} {wide_msg}",
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
        let judged = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        if let (Progress::Summary, Some(every)) = (style, heartbeat_interval()) {
            let (judged, stop) = (Arc::clone(&judged), Arc::clone(&stop));
            let started = Instant::now();
            std::thread::spawn(move || {
                let mut next = every;
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100).min(every));
                    if started.elapsed() >= next && !stop.load(Ordering::Relaxed) {
                        let done = judged.load(Ordering::Relaxed);
                        eprintln!("{}", heartbeat_line(done, total, started.elapsed()));
                        next += every;
                    }
                }
            });
        }
        Self {
            style,
            bar,
            counts: HashMap::new(),
            done: 0,
            judged,
            stop,
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
        self.judged.store(self.done, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(self.tally());
        }
    }

    /// Clears the bar and prints the summary line.
    pub(crate) fn finish(self, elapsed: Duration) {
        self.stop.store(true, Ordering::Relaxed);
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

impl Drop for Reporter {
    /// A reporter dropped on an early return stops its heartbeat too.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heartbeat_says_how_far_how_fast_and_how_long_still() {
        assert_eq!(
            heartbeat_line(250, 1000, Duration::from_secs(10)),
            "citecheck: checked 250/1000 links (25/s), about 30 s left"
        );
        assert_eq!(
            heartbeat_line(0, 10, Duration::from_secs(10)),
            "citecheck: checked 0/10 links (0/s)"
        );
    }
}
