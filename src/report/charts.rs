//! SVG charts of the bench report, drawn with plotters: time and peak heap against `n` on
//! log–log axes, and the chunk-size trade-off.
//!
//! A log axis cannot show 0, so a strategy whose peak is 0 B at every point is left out of
//! a peak chart and named in its caption instead.

use plotters::prelude::*;

use super::{BenchReport, PointRecord};
use crate::suite::{self, Group};
use crate::workloads::strategy::{Mode, Workload};
use crate::workloads::{self, REGISTRY};
use sumbench_page::plot::{Palette, draw_legend, plot_error};
use sumbench_page::units::{bytes_human, duration_human, grouped};

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

/// One axis of a chart: its description and unit.
#[derive(Clone, Copy)]
struct Axis {
    desc: &'static str,
    unit: Unit,
}

impl Axis {
    const fn new(desc: &'static str, unit: Unit) -> Self {
        Self { desc, unit }
    }
}

/// The axes of a chart.
#[derive(Clone, Copy)]
struct Axes {
    x: Axis,
    y: Axis,
}

const N: Axis = Axis::new("n (elements summed)", Unit::Count);
const CHUNK: Axis = Axis::new("chunk size (elements)", Unit::Count);
const LINES: Axis = Axis::new("lines in the file", Unit::Count);
const BUFFER: Axis = Axis::new("read buffer", Unit::Bytes);
const TIME: Axis = Axis::new("time per call", Unit::Nanoseconds);
const PEAK: Axis = Axis::new("peak heap", Unit::Bytes);
const RSS: Axis = Axis::new("peak RSS above the start", Unit::Bytes);

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
        let (x_unit, y_unit) = (axes.x.unit, axes.y.unit);
        chart
            .configure_mesh()
            .label_style(("sans-serif", 15))
            .axis_desc_style(("sans-serif", 16))
            .x_desc(axes.x.desc)
            .y_desc(axes.y.desc)
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

/// A point's time per call, if it was timed.
fn time(p: &PointRecord) -> Option<f64> {
    Some(p.time.as_ref()?.point_ns)
}

/// A point's peak heap, if it was measured.
fn peak(p: &PointRecord) -> Option<f64> {
    Some(p.memory?.peak_bytes as f64)
}

/// A point's peak RSS above the start, if it was measured.
fn rss(p: &PointRecord) -> Option<f64> {
    Some(p.memory?.peak_rss_bytes as f64)
}

/// A point's n (elements, or lines of the file).
fn n(p: &PointRecord) -> f64 {
    p.n as f64
}

/// A point's chunk size (elements, or the read buffer's bytes).
fn chunk(p: &PointRecord) -> f64 {
    p.chunk_size as f64
}

/// The charts drawn so far.
#[derive(Default)]
struct Charts(Vec<Chart>);

impl Charts {
    /// Draws one chart, `charts/{file}.svg`, of `series` (and the strategies left out at
    /// 0 B) on `axes`.
    fn add(
        &mut self,
        file: &str,
        title: String,
        axes: Axes,
        (series, zero): (Vec<Series>, Vec<String>),
    ) -> anyhow::Result<()> {
        let workload = if file.starts_with("file_") {
            Workload::File
        } else {
            Workload::Range
        };
        // A workload's whole list: a strategy left out of one chart (at 0 B) does not
        // shift the others' colours.
        let palette = Palette::new(workloads::of(workload).map(|s| s.name()));
        let svg = draw(&title, &axes, &series, &palette)?;
        self.0.push(Chart {
            workload,
            file: format!("{DIR}/{file}.svg"),
            title,
            note: note(&series, &zero),
            svg,
        });
        Ok(())
    }
}

/// Every chart of the report.
pub fn render_all(report: &BenchReport) -> anyhow::Result<Vec<Chart>> {
    let mut charts = Charts::default();
    range_charts(report, &mut charts)?;
    file_charts(report, &mut charts)?;
    Ok(charts.0)
}

/// The range workload's charts: time and peak heap against n, and the chunk-size sweep.
fn range_charts(report: &BenchReport, charts: &mut Charts) -> anyhow::Result<()> {
    for mode in Mode::ALL {
        charts.add(
            &format!("time_vs_n-{mode}"),
            format!("Time against n, log–log ({mode})"),
            Axes { x: N, y: TIME },
            series_of(report.group(Group::Scaling, mode), n, time),
        )?;
    }
    // Heap figures do not depend on the mode; the opaque sweep stands for both.
    charts.add(
        "peak_vs_n",
        "Peak heap against n, log–log".to_owned(),
        Axes { x: N, y: PEAK },
        series_of(report.group(Group::Scaling, Mode::Opaque), n, peak),
    )?;
    let sweep = report.group(Group::ChunkSize, suite::CHUNK_SWEEP_MODE);
    let seed_n = grouped(suite::SEED_N);
    charts.add(
        "chunk_size_time",
        format!(
            "Chunk size against time, n = {seed_n} ({})",
            suite::CHUNK_SWEEP_MODE
        ),
        Axes { x: CHUNK, y: TIME },
        series_of(sweep.clone(), chunk, time),
    )?;
    charts.add(
        "chunk_size_peak",
        format!("Chunk size against peak heap, n = {seed_n}"),
        Axes { x: CHUNK, y: PEAK },
        series_of(sweep, chunk, peak),
    )
}

/// The file workload's charts: time, peak heap and peak RSS against lines, and the read
/// buffer against time.
fn file_charts(report: &BenchReport, charts: &mut Charts) -> anyhow::Result<()> {
    let group = |group| report.points.iter().filter(move |p| p.group == group);
    let lines = group(Group::FileScaling);
    charts.add(
        "file_time_vs_lines",
        "File workload: time against lines, log–log (warm)".to_owned(),
        Axes { x: LINES, y: TIME },
        series_of(lines.clone(), n, time),
    )?;
    charts.add(
        "file_peak_vs_lines",
        "File workload: peak heap against lines, log–log".to_owned(),
        Axes { x: LINES, y: PEAK },
        series_of(lines.clone(), n, peak),
    )?;
    charts.add(
        "file_rss_vs_lines",
        "File workload: peak RSS against lines, log–log".to_owned(),
        Axes { x: LINES, y: RSS },
        series_of(lines, n, rss),
    )?;
    charts.add(
        "file_chunk_size_time",
        format!(
            "File workload: read buffer against time, {} lines",
            grouped(suite::SEED_N)
        ),
        Axes { x: BUFFER, y: TIME },
        series_of(group(Group::FileChunkSize), chunk, time),
    )
}
