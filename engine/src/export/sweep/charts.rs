//! A sweep's two charts: time and peak heap against the size, on log–log axes.

use sumbench_page::plot::Palette;
use sumbench_page::plot::loglog::{self, Axes, Axis, PEAK, Series, TIME, Unit};

use super::{PEAK_CHART, SweepReport, TIME_CHART, result};
use crate::measure::StrategyResult;

impl SweepReport {
    /// The two charts: time and peak heap against the size, log–log, as
    /// `(file, svg)`. What a chart cannot draw is said in [`SweepReport::chart_notes`].
    pub fn charts(&self) -> anyhow::Result<Vec<(&'static str, String)>> {
        let palette = Palette::new(self.strategies());
        let x = Axis::named(self.parameter.clone(), Unit::Count);
        CHARTS
            .iter()
            .map(|chart| {
                let (drawn, _) = self.series(chart.figure);
                let title = format!(
                    "{}: {} against {}, log–log",
                    self.title, chart.what, self.parameter
                );
                let axes = Axes {
                    x: x.clone(),
                    y: (chart.axis)(),
                };
                Ok((chart.file, loglog::draw(&title, &axes, &drawn, &palette)?))
            })
            .collect()
    }

    /// For each chart, what it cannot show, in words: strategies at 0 everywhere (off a
    /// log axis) and lines hidden behind an identical one.
    pub fn chart_notes(&self) -> Vec<Option<String>> {
        CHARTS
            .iter()
            .map(|chart| {
                let (drawn, zero) = self.series(chart.figure);
                loglog::note(&drawn, &zero)
            })
            .collect()
    }

    /// Each strategy's points of `figure` above 0, and the strategies with none.
    fn series(&self, figure: fn(&StrategyResult) -> f64) -> (Vec<Series>, Vec<String>) {
        let mut drawn = Vec::new();
        let mut zero = Vec::new();
        for strategy in self.strategies() {
            let points: Vec<(f64, f64)> = self
                .sizes
                .iter()
                .zip(&self.runs)
                .filter_map(|(&size, run)| Some((size as f64, figure(result(run, strategy)?))))
                .filter(|&(_, y)| y > 0.0)
                .collect();
            match points.is_empty() {
                true => zero.push(strategy.to_owned()),
                false => drawn.push(Series {
                    strategy: strategy.to_owned(),
                    points,
                }),
            }
        }
        (drawn, zero)
    }
}

/// One of a sweep's two charts.
pub(super) struct ChartKind {
    pub(super) file: &'static str,
    pub(super) what: &'static str,
    axis: fn() -> Axis,
    figure: fn(&StrategyResult) -> f64,
}

/// Time and peak heap against the size.
pub(super) const CHARTS: [ChartKind; 2] = [
    ChartKind {
        file: TIME_CHART,
        what: "time",
        axis: || TIME,
        figure: |r| r.time.median_ns as f64,
    },
    ChartKind {
        file: PEAK_CHART,
        what: "peak heap",
        axis: || PEAK,
        figure: |r| r.memory.peak_bytes as f64,
    },
];
