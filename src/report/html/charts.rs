//! Inline SVG charts: horizontal bars and a trend line. Each chart is an
//! `img` to assistive technology, named by its `<title>` and described in
//! words by its `<desc>`, so the numbers are there without the picture.

use std::fmt::Write;

use chrono::{DateTime, FixedOffset};
use maud::{html, Markup};

/// Width of every chart's coordinate system; the page scales it.
const WIDTH: f64 = 420.0;
/// Height of one bar's row: its label above, the bar below.
const ROW: f64 = 36.0;
/// Room kept right of the longest bar for its value.
const VALUE_ROOM: f64 = 100.0;
/// Labels longer than this many characters are shortened (the full text
/// stays in the bar's tooltip).
const LABEL_CHARS: usize = 28;

/// One coloured part of a bar.
#[derive(Debug, Clone)]
pub(super) struct Segment {
    /// Its size.
    pub(super) value: usize,
    /// The CSS class that colours it (`seg-…`).
    pub(super) class: &'static str,
}

/// One bar: a label, its parts, and the figure printed next to it.
#[derive(Debug, Clone)]
pub(super) struct Bar {
    /// What the bar stands for.
    pub(super) label: String,
    /// Its parts, drawn left to right.
    pub(super) segments: Vec<Segment>,
    /// The figure shown after the bar, e.g. `12/15 (80%)`.
    pub(super) value_label: String,
}

/// A horizontal bar chart: one row per bar, bars scaled to the largest.
pub(super) fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar]) -> Markup {
    let height = ROW * bars.len().max(1) as f64 + 8.0;
    let largest = bars
        .iter()
        .map(|b| b.segments.iter().map(|s| s.value).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let scale = (WIDTH - VALUE_ROOM) / largest;
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (height) }
            role="img" aria-labelledby={ (id) "-title " (id) "-desc" } {
            title id={ (id) "-title" } { (title) }
            desc id={ (id) "-desc" } { (desc) }
            @if bars.is_empty() {
                text x="0" y="20" { "Nothing to show." }
            }
            @for (i, bar) in bars.iter().enumerate() {
                @let top = ROW * i as f64;
                g {
                    title { (bar.label) ": " (bar.value_label) }
                    text x="0" y=(top + 13.0) { (shorten(&bar.label)) }
                    @let placed = place(&bar.segments, scale);
                    @for &(x, w, class) in &placed {
                        rect class=(class) x=(round(x)) y=(top + 17.0) width=(round(w)) height="14" {}
                    }
                    @let end = placed.last().map_or(0.0, |&(x, w, _)| x + w);
                    text x=(round(end + 6.0)) y=(top + 29.0) { (bar.value_label) }
                }
            }
        }
    }
}

/// Each non-empty segment's start, width and class.
fn place(segments: &[Segment], scale: f64) -> Vec<(f64, f64, &'static str)> {
    let mut x = 0.0;
    let mut placed = Vec::new();
    for segment in segments.iter().filter(|s| s.value > 0) {
        let w = segment.value as f64 * scale;
        placed.push((x, w, segment.class));
        x += w;
    }
    placed
}

/// One run on the trend chart.
#[derive(Debug, Clone)]
pub struct TrendPoint {
    /// When it ran.
    pub time: DateTime<FixedOffset>,
    /// Share of cited sentences, 0 to 1.
    pub coverage: Option<f64>,
    /// Dead links.
    pub dead: Option<u64>,
}

/// Coverage (left axis, 0–100 %) and dead links (right axis) over time.
pub(super) fn trend_chart(id: &str, title: &str, points: &[TrendPoint]) -> Markup {
    const HEIGHT: f64 = 220.0;
    const LEFT: f64 = 44.0;
    const RIGHT: f64 = WIDTH - 44.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = HEIGHT - 36.0;
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return html! {};
    };
    let span = (last.time - first.time).num_seconds().max(0) as f64;
    let x_of = |i: usize, p: &TrendPoint| -> f64 {
        let share = if span > 0.0 {
            (p.time - first.time).num_seconds() as f64 / span
        } else if points.len() > 1 {
            i as f64 / (points.len() - 1) as f64
        } else {
            0.5
        };
        LEFT + share * (RIGHT - LEFT)
    };
    let dead_max = points
        .iter()
        .filter_map(|p| p.dead)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let coverage_points: Vec<(f64, f64, &TrendPoint)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.coverage
                .map(|c| (x_of(i, p), BOTTOM - c * (BOTTOM - TOP), p))
        })
        .collect();
    let dead_points: Vec<(f64, f64, &TrendPoint)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.dead
                .map(|d| (x_of(i, p), BOTTOM - d as f64 / dead_max * (BOTTOM - TOP), p))
        })
        .collect();
    let desc = trend_description(points);
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (HEIGHT) }
            role="img" aria-labelledby={ (id) "-title " (id) "-desc" } {
            title id={ (id) "-title" } { (title) }
            desc id={ (id) "-desc" } { (desc) }
            line.axis x1=(LEFT) y1=(BOTTOM) x2=(RIGHT) y2=(BOTTOM) {}
            line.axis x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(BOTTOM) {}
            line.axis x1=(RIGHT) y1=(TOP) x2=(RIGHT) y2=(BOTTOM) {}
            text.small x=(LEFT - 4.0) y=(TOP + 4.0) text-anchor="end" { "100%" }
            text.small x=(LEFT - 4.0) y=(BOTTOM) text-anchor="end" { "0%" }
            text.small x=(RIGHT + 4.0) y=(TOP + 4.0) { (dead_max) }
            text.small x=(RIGHT + 4.0) y=(BOTTOM) { "0" }
            text.small x=(LEFT) y=(BOTTOM + 16.0) { (first.time.format("%Y-%m-%d")) }
            text.small x=(RIGHT) y=(BOTTOM + 16.0) text-anchor="end" { (last.time.format("%Y-%m-%d")) }
            text.small x=(LEFT) y=(HEIGHT - 4.0) { "— cited sentences (left axis)   - - dead links (right axis)" }
            polyline.line-coverage points=(polyline(&coverage_points)) {}
            polyline.line-dead points=(polyline(&dead_points)) {}
            @for (x, y, p) in &coverage_points {
                circle.dot-coverage cx=(round(*x)) cy=(round(*y)) r="4" {
                    title { (p.time.format("%Y-%m-%d %H:%M")) ": " (percent_of(p.coverage.unwrap_or(0.0))) " of sentences cited" }
                }
            }
            @for (x, y, p) in &dead_points {
                rect.dot-dead x=(round(*x - 3.5)) y=(round(*y - 3.5)) width="7" height="7" {
                    title { (p.time.format("%Y-%m-%d %H:%M")) ": " (p.dead.unwrap_or(0)) " dead links" }
                }
            }
        }
    }
}

/// The trend in words, for the chart's `<desc>`.
fn trend_description(points: &[TrendPoint]) -> String {
    let mut desc = format!("{} runs.", points.len());
    for p in points {
        let _ = write!(desc, " {}:", p.time.format("%Y-%m-%d %H:%M"));
        if let Some(c) = p.coverage {
            let _ = write!(desc, " {} cited", percent_of(c));
        }
        if let Some(d) = p.dead {
            let _ = write!(desc, ", {d} dead");
        }
        desc.push(';');
    }
    desc
}

fn percent_of(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn polyline(points: &[(f64, f64, &TrendPoint)]) -> String {
    points
        .iter()
        .map(|(x, y, _)| format!("{},{}", round(*x), round(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Coordinates to one decimal: enough for a screen, short in the file.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_owned();
    }
    let mut short: String = label.chars().take(LABEL_CHARS - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_keep_the_label_in_the_tooltip() {
        let long = "長".repeat(50);
        let bars = [
            Bar {
                label: long.clone(),
                segments: vec![
                    Segment {
                        value: 3,
                        class: "seg-cited",
                    },
                    Segment {
                        value: 1,
                        class: "seg-uncited",
                    },
                ],
                value_label: "3/4".into(),
            },
            Bar {
                label: "b".into(),
                segments: vec![Segment {
                    value: 2,
                    class: "seg-cited",
                }],
                value_label: "2/2".into(),
            },
        ];
        let svg = bar_chart("c", "T", "D", &bars).into_string();
        let full = (WIDTH - VALUE_ROOM).to_string();
        assert!(
            svg.contains(&format!("{long}: 3/4")),
            "tooltip keeps the full label"
        );
        assert!(svg.contains(&format!("{}…", "長".repeat(LABEL_CHARS - 1))));
        assert!(svg.contains(&format!("width=\"{}\"", round((WIDTH - VALUE_ROOM) * 0.75))));
        assert!(svg.contains(&format!("width=\"{}\"", round((WIDTH - VALUE_ROOM) * 0.5))));
        assert!(
            !svg.contains(&format!("width=\"{full}\"")),
            "no bar is wider than the largest"
        );
        assert!(svg.contains(r#"aria-labelledby="c-title c-desc""#));
    }

    #[test]
    fn trend_is_described_in_words() {
        let time = |s| DateTime::parse_from_rfc3339(s).expect("time");
        let points = [
            TrendPoint {
                time: time("2024-01-01T00:00:00Z"),
                coverage: Some(0.5),
                dead: Some(4),
            },
            TrendPoint {
                time: time("2024-02-01T00:00:00Z"),
                coverage: Some(0.75),
                dead: None,
            },
        ];
        let svg = trend_chart("t", "Trend", &points).into_string();
        assert!(svg
            .contains("2 runs. 2024-01-01 00:00: 50% cited, 4 dead; 2024-02-01 00:00: 75% cited;"));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(svg.matches("class=\"dot-dead\"").count(), 1);
        assert!(trend_chart("t", "Trend", &[]).into_string().is_empty());
    }
}
