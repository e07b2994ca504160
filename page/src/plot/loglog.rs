//! A chart of strategies' figures against a size on log–log axes: time or memory against
//! `n`, where a straight line of slope `k` is growth as `n^k`. A log axis cannot show 0,
//! so a series at 0 everywhere is left out and named in the chart's note instead
//! ([`note`]).

use std::borrow::Cow;

use plotters::prelude::*;

use super::{Palette, draw_legend, plot_error};
use crate::units::{bytes_human, duration_human};

/// One line on a chart: a strategy's `(x, y)` points, both positive.
pub struct Series {
    /// The strategy it draws.
    pub strategy: String,
    /// Its points.
    pub points: Vec<(f64, f64)>,
}

/// What kind of quantity an axis shows, for its tick labels.
#[derive(Debug, Clone, Copy)]
pub enum Unit {
    /// A count: powers of ten as `1e5`.
    Count,
    /// Nanoseconds, as `12.35 µs`.
    Nanoseconds,
    /// Bytes, as `7.63 MiB`.
    Bytes,
}

impl Unit {
    fn format(self, value: f64) -> String {
        match self {
            Unit::Count => {
                let exponent = value.log10().round();
                if (value - 10f64.powf(exponent)).abs() < value * 1e-6 {
                    format!("1e{exponent}")
                } else {
                    format!("{value:.0}")
                }
            }
            Unit::Nanoseconds => duration_human(value),
            Unit::Bytes => bytes_human(value.round() as u64),
        }
    }
}

/// One axis of a chart: its description and unit.
#[derive(Debug, Clone)]
pub struct Axis {
    /// What it shows, printed along it.
    pub desc: Cow<'static, str>,
    /// How its ticks are written.
    pub unit: Unit,
}

impl Axis {
    /// An axis showing `desc` in `unit`.
    pub const fn new(desc: &'static str, unit: Unit) -> Self {
        Self {
            desc: Cow::Borrowed(desc),
            unit,
        }
    }

    /// An axis whose description is made at run time.
    pub fn named(desc: String, unit: Unit) -> Self {
        Self {
            desc: Cow::Owned(desc),
            unit,
        }
    }
}

/// The axes of a chart.
#[derive(Debug, Clone)]
pub struct Axes {
    /// The horizontal axis: the size.
    pub x: Axis,
    /// The vertical axis: the figure.
    pub y: Axis,
}

/// The time of one call, for the vertical axis.
pub const TIME: Axis = Axis::new("time per call", Unit::Nanoseconds);
/// The peak heap of one call, for the vertical axis.
pub const PEAK: Axis = Axis::new("peak heap", Unit::Bytes);

/// The smallest and largest value of `values`, widened so a log axis has room.
fn log_range(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (low, high) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if low > high {
        return 1.0..10.0;
    }
    (low / 2.0)..(high * 2.0)
}

/// The chart as an SVG document, 900 × 520, titled `title`: each series as a line with
/// its points, in its colour from `palette`.
pub fn draw(
    title: &str,
    axes: &Axes,
    series: &[Series],
    palette: &Palette,
) -> anyhow::Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 520)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let x_range = log_range(series.iter().flat_map(|s| s.points.iter().map(|p| p.0)));
        let y_range = log_range(series.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(90)
            .build_cartesian_2d(x_range.log_scale(), y_range.log_scale())
            .map_err(plot_error)?;
        let (x_unit, y_unit) = (axes.x.unit, axes.y.unit);
        chart
            .configure_mesh()
            .label_style(("sans-serif", 15))
            .axis_desc_style(("sans-serif", 16))
            .x_desc(axes.x.desc.as_ref())
            .y_desc(axes.y.desc.as_ref())
            .x_label_formatter(&|v| x_unit.format(*v))
            .y_label_formatter(&|v| y_unit.format(*v))
            .draw()
            .map_err(plot_error)?;
        for line in series {
            let colour = palette.colour(&line.strategy);
            chart
                .draw_series(LineSeries::new(line.points.clone(), colour.stroke_width(2)))
                .map_err(plot_error)?
                .label(line.strategy.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2))
                });
            chart
                .draw_series(
                    line.points
                        .iter()
                        .map(|&point| Circle::new(point, 3, colour.filled())),
                )
                .map_err(plot_error)?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        root.present().map_err(plot_error)?;
    }
    Ok(svg)
}

/// Says in words what a chart cannot show: series at 0 B (off a log axis) and series
/// hidden behind an identical one.
pub fn note(series: &[Series], all_zero: &[String]) -> Option<String> {
    let mut notes = Vec::new();
    if !all_zero.is_empty() {
        notes.push(format!(
            "0 B at every point, so not drawn on a log axis: {}",
            all_zero.join(", ")
        ));
    }
    for (i, hidden) in series.iter().enumerate() {
        if let Some(front) = series[i + 1..].iter().find(|s| s.points == hidden.points) {
            notes.push(format!(
                "{} has the same figures as {} and is hidden behind it",
                hidden.strategy, front.strategy
            ));
        }
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}
