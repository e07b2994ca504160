//! The trade-off chart: time against peak memory, log–log, one labelled point per
//! candidate, the Pareto front drawn as a line and the dominated points dimmed. Peak heap
//! is the left panel; peak RSS, where measured, the right one.
//!
//! A log axis cannot show 0 B, and "holds no heap" is the most important value on it, so
//! 0 B is drawn at a floor one decade below the smallest non-zero figure, and that tick is
//! labelled `0 B`.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::analysis::tradeoff::{Candidate, Memory, Times, fastest, pareto};
use sumbench_page::plot::{Palette, draw_legend, plot_error};
use sumbench_page::units::{bytes_human, duration_human};

/// Width and height of the whole chart, px: wide, for a full-width figure.
const SIZE: (u32, u32) = (1400, 620);

/// The trade-off chart of `candidates` as an SVG document, titled `title`; `times` decides
/// which is faster, so the front and the tied-for-fastest marks follow the verdict's rule.
pub fn render(title: &str, candidates: &[Candidate], times: Times) -> anyhow::Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let root = root.titled(title, ("sans-serif", 26)).map_err(plot_error)?;
        let with_rss = !candidates.is_empty() && candidates.iter().all(|c| c.peak_rss.is_some());
        if with_rss {
            let panels = root.split_evenly((1, 2));
            panel(&panels[0], candidates, Memory::Heap, times)?;
            panel(&panels[1], candidates, Memory::Rss, times)?;
        } else {
            panel(&root, candidates, Memory::Heap, times)?;
        }
        root.present().map_err(plot_error)?;
    }
    Ok(svg)
}

/// Where 0 B is drawn: a decade below the smallest non-zero value, on a power of ten.
fn zero_floor(values: &[u64]) -> f64 {
    let smallest = values
        .iter()
        .copied()
        .filter(|&v| v > 0)
        .min()
        .unwrap_or(10);
    10f64.powf((smallest as f64).log10().floor() - 1.0).max(1.0)
}

/// A panel's plotting area: log bytes (x) against log nanoseconds (y).
type Panel<'a, DB> = ChartContext<'a, DB, Cartesian2d<LogCoord<f64>, LogCoord<f64>>>;

/// Where `bytes` is drawn: 0 B at `floor`, any other value at itself.
fn x_of(bytes: u64, floor: f64) -> f64 {
    if bytes == 0 { floor } else { bytes as f64 }
}

/// One panel: time (y) against `memory` (x).
fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    candidates: &[Candidate],
    memory: Memory,
    times: Times,
) -> anyhow::Result<()> {
    let values: Vec<u64> = candidates.iter().filter_map(|c| c.memory(memory)).collect();
    // Colours by place among the candidates, which come in their strategies' order.
    let palette = Palette::new(candidates.iter().map(|c| c.strategy.as_str()));
    let floor = zero_floor(&values);
    let mut chart = panel_axes(area, candidates, memory, &values, floor)?;
    let on_front = pareto(candidates, memory, times);
    draw_front(&mut chart, candidates, &on_front, memory, floor)?;
    // Several tied for fastest: each is marked, since no one of them is the fastest.
    let tied: Vec<&str> = match fastest(candidates, times).as_slice() {
        [_] | [] => Vec::new(),
        several => several.iter().map(|c| c.label.as_str()).collect(),
    };
    let mut labels = Labels::default();
    for (candidate, on) in candidates.iter().zip(on_front) {
        let Some(bytes) = candidate.memory(memory) else {
            continue;
        };
        let label = if tied.contains(&candidate.label.as_str()) {
            format!("{} (tied for fastest)", candidate.label)
        } else {
            candidate.label.clone()
        };
        let colour = palette.colour(&candidate.strategy);
        let at = (x_of(bytes, floor), candidate);
        draw_candidate(&mut chart, at, label, colour, on, &mut labels)?;
    }
    draw_legend(&mut chart, SeriesLabelPosition::LowerLeft)
}

/// The panel's axes, sized to the candidates' memory `values` and time intervals, with
/// 0 B drawn at `floor`.
fn panel_axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    candidates: &[Candidate],
    memory: Memory,
    values: &[u64],
    floor: f64,
) -> anyhow::Result<Panel<'a, DB>> {
    // Room on the right for the labels of the largest points.
    let x_high = values.iter().copied().max().unwrap_or(1).max(1) as f64 * 12.0;
    let (y_low, y_high) = candidates.iter().fold((f64::MAX, f64::MIN), |(lo, hi), c| {
        (lo.min(c.time_low_ns), hi.max(c.time_high_ns))
    });
    let (y_low, y_high) = if y_low > y_high {
        (1.0, 10.0)
    } else {
        (y_low.max(1.0) / 2.0, y_high * 2.0)
    };
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!("time against {} (log–log)", memory.label()),
            ("sans-serif", 20),
        )
        .margin(16)
        .x_label_area_size(56)
        .y_label_area_size(96)
        .build_cartesian_2d(
            (floor / 2.0..x_high).log_scale(),
            (y_low..y_high).log_scale(),
        )
        .map_err(plot_error)?;
    chart
        .configure_mesh()
        .x_desc(format!(
            "{} of one call (0 B drawn at {})",
            memory.label(),
            bytes_human(floor as u64)
        ))
        .y_desc("time of one call")
        .label_style(("sans-serif", 15))
        .axis_desc_style(("sans-serif", 16))
        .x_label_formatter(&|v| {
            if (*v - floor).abs() < floor * 1e-6 {
                "0 B".to_owned()
            } else {
                bytes_human(v.round() as u64)
            }
        })
        .y_label_formatter(&|v| duration_human(*v))
        .draw()
        .map_err(plot_error)?;
    Ok(chart)
}

/// The Pareto front as a line through the candidates `on_front`, leanest first.
fn draw_front<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    candidates: &[Candidate],
    on_front: &[bool],
    memory: Memory,
    floor: f64,
) -> anyhow::Result<()> {
    let mut front: Vec<(f64, f64)> = candidates
        .iter()
        .zip(on_front)
        .filter(|(_, on)| **on)
        .filter_map(|(c, _)| Some((x_of(c.memory(memory)?, floor), c.time_ns)))
        .collect();
    front.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    chart
        .draw_series(LineSeries::new(front, BLACK.stroke_width(2)))
        .map_err(plot_error)?
        .label("Pareto front (nothing leaner and not slower, or faster and no heavier)")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    Ok(())
}

/// One candidate at `x`: its time interval, its point (dimmed if dominated, `on` the
/// front or not) and its label, placed where no other is (`labels`).
fn draw_candidate<DB: DrawingBackend>(
    chart: &mut Panel<'_, DB>,
    (x, candidate): (f64, &Candidate),
    label: String,
    base: RGBColor,
    on: bool,
    labels: &mut Labels,
) -> anyhow::Result<()> {
    let dy = labels.place(chart.backend_coord(&(x, candidate.time_ns)), &label);
    // Dominated points are dimmed: still readable, clearly not a choice.
    let (style, text) = if on {
        (base.filled(), RGBColor(0, 0, 0))
    } else {
        (base.mix(0.3).filled(), RGBColor(150, 150, 150))
    };
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(x, candidate.time_low_ns), (x, candidate.time_high_ns)],
            style.stroke_width(2),
        )))
        .map_err(plot_error)?;
    chart
        .draw_series(std::iter::once(
            EmptyElement::at((x, candidate.time_ns))
                + Circle::new((0, 0), if on { 7 } else { 5 }, style)
                + Text::new(
                    label,
                    (9, dy),
                    ("sans-serif", 15).into_font().color(&text),
                )
                // A label moved away from its point keeps a thin line to it.
                + PathElement::new(
                    if (-14..=2).contains(&dy) {
                        vec![]
                    } else {
                        vec![(0, 0), (8, dy + 8)]
                    },
                    text.stroke_width(1),
                ),
        ))
        .map_err(plot_error)?;
    Ok(())
}

/// Where labels went, in pixels, so that a label can go where no other is.
#[derive(Default)]
struct Labels {
    boxes: Vec<(i32, i32, i32, i32)>,
}

impl Labels {
    /// Label height, and a width per character wide enough for 15 px sans-serif.
    const HEIGHT: i32 = 16;
    const CHAR_WIDTH: i32 = 8;

    /// The vertical offset from its point at which `text` overlaps no earlier label:
    /// above the point first, then below, then further away on either side.
    fn place(&mut self, (px, py): (i32, i32), text: &str) -> i32 {
        let width = text.chars().count() as i32 * Self::CHAR_WIDTH;
        let left = px + 9;
        let fits = |top: i32| {
            self.boxes.iter().all(|&(l, t, r, b)| {
                left >= r || left + width <= l || top >= b || top + Self::HEIGHT <= t
            })
        };
        let dy = (0..12)
            .map(|k| {
                let step = (k / 2 + 1) * Self::HEIGHT;
                if k % 2 == 0 { 2 - step } else { step - 14 }
            })
            .find(|&dy| fits(py + dy))
            .unwrap_or(-18);
        self.boxes
            .push((left, py + dy, left + width, py + dy + Self::HEIGHT));
        dy
    }
}
