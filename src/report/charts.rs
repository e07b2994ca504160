//! SVG charts of the bench report, drawn with plotters: time and peak heap against `n` on
//! log–log axes, and the chunk-size trade-off.
//!
//! A log axis cannot show 0, so a strategy whose peak is 0 B at every point is left out of
//! a peak chart and named in its caption instead.

use plotters::prelude::*;

use super::{BenchReport, PointRecord};
use crate::render::plot::{Palette, draw_legend, plot_error};
use crate::suite::{self, Group};
use crate::units::{bytes_human, duration_human};
use crate::workloads::strategy::{Mode, Workload};
use crate::workloads::{self, REGISTRY};

/// The charts' folder inside `reports/`.
pub const DIR: &str = "charts";

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Its path relative to `reports/`, e.g. `charts/time_vs_n-opaque.svg`.
    pub file: String,
    /// What it shows, for captions and alt text.
    pub title: String,
    /// Anything the chart could not draw, said in words (e.g. strategies at 0 B).
    pub note: Option<String>,
    /// The SVG document.
    pub svg: String,
    /// The workload whose section shows it.
    pub workload: Workload,
}

/// One line on a chart: a strategy's `(x, y)` points, both positive.
struct Series {
    strategy: String,
    points: Vec<(f64, f64)>,
}

/// What kind of quantity an axis shows, for its tick labels.
#[derive(Clone, Copy)]
enum Unit {
    Count,
    Nanoseconds,
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

/// The axes of a chart: descriptions and units.
struct Axes {
    x_desc: &'static str,
    x_unit: Unit,
    y_desc: &'static str,
    y_unit: Unit,
}

/// The smallest and largest value of `values`, widened so a log axis has room.
fn log_range(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (low, high) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if low > high {
        return 1.0..10.0;
    }
    (low / 2.0)..(high * 2.0)
}

fn draw(title: &str, axes: &Axes, series: &[Series], palette: &Palette) -> anyhow::Result<String> {
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
        let (x_unit, y_unit) = (axes.x_unit, axes.y_unit);
        chart
            .configure_mesh()
            .label_style(("sans-serif", 15))
            .axis_desc_style(("sans-serif", 16))
            .x_desc(axes.x_desc)
            .y_desc(axes.y_desc)
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

/// Series of `points` grouped by strategy in registry order, keeping positive values only.
fn series_of<'a>(
    points: impl Iterator<Item = &'a PointRecord> + Clone,
    x: impl Fn(&PointRecord) -> f64,
    y: impl Fn(&PointRecord) -> Option<f64>,
) -> (Vec<Series>, Vec<String>) {
    let mut drawn = Vec::new();
    let mut all_zero = Vec::new();
    for strategy in REGISTRY {
        let mine: Vec<_> = points
            .clone()
            .filter(|p| p.strategy == strategy.name())
            .filter_map(|p| Some((x(p), y(p)?)))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let positive: Vec<_> = mine.iter().copied().filter(|p| p.1 > 0.0).collect();
        if positive.is_empty() {
            all_zero.push(strategy.name().to_owned());
        } else {
            drawn.push(Series {
                strategy: strategy.name().to_owned(),
                points: positive,
            });
        }
    }
    (drawn, all_zero)
}

/// Says in words what a chart cannot show: series at 0 B (off a log axis) and series
/// hidden behind an identical one.
fn note(series: &[Series], all_zero: &[String]) -> Option<String> {
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

const TIME_VS_N: Axes = Axes {
    x_desc: "n (elements summed)",
    x_unit: Unit::Count,
    y_desc: "time per call",
    y_unit: Unit::Nanoseconds,
};
const PEAK_VS_N: Axes = Axes {
    x_desc: "n (elements summed)",
    x_unit: Unit::Count,
    y_desc: "peak heap",
    y_unit: Unit::Bytes,
};
const TIME_VS_CHUNK: Axes = Axes {
    x_desc: "chunk size (elements)",
    x_unit: Unit::Count,
    y_desc: "time per call",
    y_unit: Unit::Nanoseconds,
};
const PEAK_VS_CHUNK: Axes = Axes {
    x_desc: "chunk size (elements)",
    x_unit: Unit::Count,
    y_desc: "peak heap",
    y_unit: Unit::Bytes,
};

const TIME_VS_LINES: Axes = Axes {
    x_desc: "lines in the file",
    x_unit: Unit::Count,
    y_desc: "time per call",
    y_unit: Unit::Nanoseconds,
};
const PEAK_VS_LINES: Axes = Axes {
    x_desc: "lines in the file",
    x_unit: Unit::Count,
    y_desc: "peak heap",
    y_unit: Unit::Bytes,
};
const RSS_VS_LINES: Axes = Axes {
    x_desc: "lines in the file",
    x_unit: Unit::Count,
    y_desc: "peak RSS above the start",
    y_unit: Unit::Bytes,
};
const TIME_VS_BUFFER: Axes = Axes {
    x_desc: "read buffer",
    x_unit: Unit::Bytes,
    y_desc: "time per call",
    y_unit: Unit::Nanoseconds,
};

/// Every chart of the report.
pub fn render_all(report: &BenchReport) -> anyhow::Result<Vec<Chart>> {
    let mut charts = Vec::new();
    let time = |p: &PointRecord| Some(p.time.as_ref()?.point_ns);
    let peak = |p: &PointRecord| Some(p.memory?.peak_bytes as f64);
    let n = |p: &PointRecord| p.n as f64;
    let chunk = |p: &PointRecord| p.chunk_size as f64;

    let mut add =
        |file: String, title: String, axes: &Axes, (series, zero): (Vec<Series>, Vec<String>)| {
            let workload = if file.starts_with("file_") {
                Workload::File
            } else {
                Workload::Range
            };
            // A workload's whole list: a strategy left out of one chart (at 0 B) does not
            // shift the others' colours.
            let palette = Palette::new(workloads::of(workload).map(|s| s.name()));
            let svg = draw(&title, axes, &series, &palette)?;
            charts.push(Chart {
                workload,
                file: format!("{DIR}/{file}.svg"),
                title,
                note: note(&series, &zero),
                svg,
            });
            anyhow::Ok(())
        };
    for mode in Mode::ALL {
        add(
            format!("time_vs_n-{mode}"),
            format!("Time against n, log–log ({mode})"),
            &TIME_VS_N,
            series_of(report.group(Group::Scaling, mode), n, time),
        )?;
    }
    // Heap figures do not depend on the mode; the opaque sweep stands for both.
    add(
        "peak_vs_n".to_owned(),
        "Peak heap against n, log–log".to_owned(),
        &PEAK_VS_N,
        series_of(report.group(Group::Scaling, Mode::Opaque), n, peak),
    )?;
    let sweep = report.group(Group::ChunkSize, suite::CHUNK_SWEEP_MODE);
    add(
        "chunk_size_time".to_owned(),
        format!(
            "Chunk size against time, n = 10,000,000 ({})",
            suite::CHUNK_SWEEP_MODE
        ),
        &TIME_VS_CHUNK,
        series_of(sweep.clone(), chunk, time),
    )?;
    add(
        "chunk_size_peak".to_owned(),
        "Chunk size against peak heap, n = 10,000,000".to_owned(),
        &PEAK_VS_CHUNK,
        series_of(sweep, chunk, peak),
    )?;
    let lines = report
        .points
        .iter()
        .filter(|p| p.group == Group::FileScaling);
    let rss = |p: &PointRecord| Some(p.memory?.peak_rss_bytes as f64);
    add(
        "file_time_vs_lines".to_owned(),
        "File workload: time against lines, log–log (warm)".to_owned(),
        &TIME_VS_LINES,
        series_of(lines.clone(), n, time),
    )?;
    add(
        "file_peak_vs_lines".to_owned(),
        "File workload: peak heap against lines, log–log".to_owned(),
        &PEAK_VS_LINES,
        series_of(lines.clone(), n, peak),
    )?;
    add(
        "file_rss_vs_lines".to_owned(),
        "File workload: peak RSS against lines, log–log".to_owned(),
        &RSS_VS_LINES,
        series_of(lines, n, rss),
    )?;
    add(
        "file_chunk_size_time".to_owned(),
        "File workload: read buffer against time, 10,000,000 lines".to_owned(),
        &TIME_VS_BUFFER,
        series_of(
            report
                .points
                .iter()
                .filter(|p| p.group == Group::FileChunkSize),
            chunk,
            time,
        ),
    )?;
    Ok(charts)
}
