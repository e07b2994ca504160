//! SVG charts of the bench report, drawn with plotters: time and peak heap against `n` on
//! log–log axes, and the chunk-size trade-off.
//!
//! A log axis cannot show 0, so a strategy whose peak is 0 B at every point is left out of
//! a peak chart and named in its caption instead.

use super::{BenchReport, PointRecord};
use crate::suite::{self, Group};
use crate::workloads::strategy::{Mode, Workload};
use crate::workloads::{self, REGISTRY};
use sumbench_page::plot::Palette;
use sumbench_page::plot::loglog::{Axes, Axis, PEAK, Series, TIME, Unit, draw, note};
use sumbench_page::units::grouped;

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

const N: Axis = Axis::new("n (elements summed)", Unit::Count);
const CHUNK: Axis = Axis::new("chunk size (elements)", Unit::Count);
const LINES: Axis = Axis::new("lines in the file", Unit::Count);
const BUFFER: Axis = Axis::new("read buffer", Unit::Bytes);
const RSS: Axis = Axis::new("peak RSS above the start", Unit::Bytes);

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
