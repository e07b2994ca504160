//! What benchmark trackers read: Bencher's Metric Format (BMF) and github-action-benchmark's
//! `customSmallerIsBetter` list, from a run's results or from a bench report's points.
//!
//! Every figure comes from `MEASURES`, one entry per figure: its slug, its unit, whether
//! smaller is better, and how to read it from a [`StrategyResult`] (the command line) and
//! from a bench point (`cargo bench`, in sumbench's own report). A figure added there appears in both formats and
//! in `reports/bench.bmf.json`.
//!
//! Names stay the same from run to run, so that a tracker's history lines up: a result is
//! `<workload>/<mode>/<strategy>` (`range/opaque/vec`), a bench point `bench/` and its
//! criterion id (`bench/seed-opaque/vec/10000000`). Neither carries n, the chunk size or
//! the cache state: a tracker's history of one name compares runs with the same settings.

use serde::{Serialize, Serializer};

use super::RunReport;
use crate::measure::{StrategyResult, megabytes_per_second};
use sumbench_page::units::{bytes_human, duration_human};

/// One figure a tracker follows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Measure {
    /// Bencher's measure slug (`latency`), also the end of a benchmark-action name.
    pub slug: &'static str,
    /// The figure's unit, as benchmark-action shows it.
    pub unit: &'static str,
    /// Whether a smaller value is better: only these go in the `customSmallerIsBetter`
    /// list (throughput, which should grow, does not).
    pub smaller_is_better: bool,
    /// Which figure it is, for [`Tracked::figure`].
    pub kind: Kind,
}

/// The figures trackers follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Wall time of one call, with its interval: the median of the rounds with its
    /// distribution-free interval, or criterion's estimate with its confidence interval.
    Latency,
    /// The most heap bytes live at once during one call, all threads (exact).
    PeakHeap,
    /// The most memory resident at once during one call, above its start, whole process.
    PeakRss,
    /// Heap allocations of one call (exact).
    Allocations,
    /// Bytes allocated by one call, a growing realloc adding its growth (exact).
    BytesAllocated,
    /// Megabytes (10^6 B) of input per second at the typical time, where input is read;
    /// its interval is the time's, turned over.
    Throughput,
}

/// A result a tracker can follow: a strategy of a run here, a bench point in the report.
pub trait Tracked {
    /// The figure of `kind`; `None` where there is none.
    fn figure(&self, kind: Kind) -> Option<Figure>;
}

/// Every figure the trackers get, in the order they are written.
pub(crate) const MEASURES: [Measure; 6] = [
    Measure {
        slug: "latency",
        unit: "ns",
        smaller_is_better: true,
        kind: Kind::Latency,
    },
    Measure {
        slug: "peak-heap",
        unit: "bytes",
        smaller_is_better: true,
        kind: Kind::PeakHeap,
    },
    Measure {
        slug: "peak-rss",
        unit: "bytes",
        smaller_is_better: true,
        kind: Kind::PeakRss,
    },
    Measure {
        slug: "allocations",
        unit: "allocations",
        smaller_is_better: true,
        kind: Kind::Allocations,
    },
    Measure {
        slug: "bytes-allocated",
        unit: "bytes",
        smaller_is_better: true,
        kind: Kind::BytesAllocated,
    },
    Measure {
        slug: "throughput",
        unit: "MB/s",
        smaller_is_better: false,
        kind: Kind::Throughput,
    },
];

impl Tracked for StrategyResult {
    fn figure(&self, kind: Kind) -> Option<Figure> {
        let r = self;
        match kind {
            Kind::Latency => Figure::interval(
                r.time.median_ns,
                r.time.ci_low_ns,
                r.time.ci_high_ns,
                r.time.ci_coverage,
            ),
            Kind::PeakHeap => Figure::exact(r.memory.peak_bytes),
            Kind::PeakRss => Figure::exact(r.memory.peak_rss_bytes),
            Kind::Allocations => Figure::exact(r.memory.allocations),
            Kind::BytesAllocated => Figure::exact(r.memory.bytes_allocated),
            Kind::Throughput => {
                let bytes = r.input.input_bytes?;
                Figure::interval(
                    r.time.mb_per_s?,
                    megabytes_per_second(bytes, r.time.ci_high_ns),
                    megabytes_per_second(bytes, r.time.ci_low_ns),
                    r.time.ci_coverage,
                )
            }
        }
    }
}

/// A number as JSON writes it: a count stays a whole number, a time or a rate a real one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Number {
    /// A whole number (bytes, allocations, ns of the command line).
    Whole(u64),
    /// A real number, always finite (criterion's ns, MB/s).
    Real(f64),
}

impl Number {
    /// The number as an `f64`, to compare.
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Whole(n) => n as f64,
            Number::Real(x) => x,
        }
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        Number::Whole(n)
    }
}

impl From<f64> for Number {
    fn from(x: f64) -> Self {
        Number::Real(x)
    }
}

/// One figure of one benchmark: its value and, where it has one, the interval around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// The figure, in its measure's unit.
    pub value: Number,
    /// The interval's low end, never above `value`.
    pub lower: Option<Number>,
    /// The interval's high end, never below `value`.
    pub upper: Option<Number>,
    /// The probability that the interval covers the true value (0.95 for criterion's).
    pub confidence: Option<f64>,
}

impl Figure {
    /// A figure without an interval: exact, the same in every run.
    pub fn exact(value: u64) -> Option<Self> {
        Some(Self {
            value: value.into(),
            lower: None,
            upper: None,
            confidence: None,
        })
    }

    /// `value` with the interval `lower..=upper` of confidence `confidence`. `None` if the
    /// value is not a finite number; the interval is left out unless it encloses the value.
    pub fn interval<T: Into<Number>>(
        value: T,
        lower: T,
        upper: T,
        confidence: f64,
    ) -> Option<Self> {
        let (value, lower, upper) = (value.into(), lower.into(), upper.into());
        let finite = |n: Number| n.as_f64().is_finite();
        if !finite(value) {
            return None;
        }
        let encloses = finite(lower)
            && finite(upper)
            && lower.as_f64() <= value.as_f64()
            && value.as_f64() <= upper.as_f64();
        Some(Self {
            value,
            lower: encloses.then_some(lower),
            upper: encloses.then_some(upper),
            confidence: encloses.then_some(confidence),
        })
    }
}

/// A BMF metric: `{"value": …, "lower_value": …, "upper_value": …}`.
#[derive(Debug, Serialize)]
struct Metric {
    value: Number,
    #[serde(skip_serializing_if = "Option::is_none")]
    lower_value: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upper_value: Option<Number>,
}

/// One entry of github-action-benchmark's custom list.
#[derive(Debug, Serialize)]
struct Entry {
    name: String,
    unit: &'static str,
    value: Number,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extra: Option<String>,
}

/// A JSON object whose keys keep the order given (BMF's benchmarks in registry order,
/// each one's measures in [`MEASURES`] order).
struct Ordered<V>(Vec<(String, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

/// The name a tracker knows a strategy by: `range/opaque/vec` on the command line, and
/// `distinct-words/hash_set` in a crate's comparison (its title as a folder name), and
/// `sorting/n=1000/sort` at one size of a sweep, so that two comparisons, or two sizes,
/// with a strategy of one name stay apart.
pub(crate) fn run_name(report: &RunReport, result: &StrategyResult) -> String {
    match &report.title {
        Some(title) => std::iter::once(sumbench_page::fileset::folder_name(title))
            .chain(
                report
                    .parameters
                    .iter()
                    .map(|(name, value)| format!("{name}={value}")),
            )
            .chain([result.strategy.clone()])
            .collect::<Vec<_>>()
            .join("/"),
        None => [
            result.input.workload.map(|w| w.to_string()),
            result.mode.map(|m| m.to_string()),
            Some(result.strategy.clone()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("/"),
    }
}

/// The run as BMF: one benchmark per strategy, each with every measure it has.
pub fn bmf(report: &RunReport) -> anyhow::Result<String> {
    bmf_of(report.results.iter().map(|r| (run_name(report, r), r)))
}

/// The run as github-action-benchmark's `customSmallerIsBetter` list: one entry per
/// strategy and smaller-is-better measure, named `range/opaque/vec latency`; an interval
/// goes in `range`, and the interval's confidence, the run's settings and its id in
/// `extra`.
pub fn benchmark_action(report: &RunReport) -> anyhow::Result<String> {
    let settings = format!("{}\nrun {}", report.headline(), report.run_id);
    let entries: Vec<Entry> = report
        .results
        .iter()
        .flat_map(|r| {
            let settings = &settings;
            MEASURES
                .iter()
                .filter(|m| m.smaller_is_better)
                .filter_map(move |m| {
                    let figure = r.figure(m.kind)?;
                    let range = figure.lower.zip(figure.upper).map(|(lower, upper)| {
                        format!("{} – {}", human(m.unit, lower), human(m.unit, upper))
                    });
                    let interval = range
                        .as_ref()
                        .zip(figure.confidence)
                        .map(|(range, c)| format!("{:.1} % interval: {range}\n", c * 100.0));
                    Some(Entry {
                        name: format!("{} {}", run_name(report, r), m.slug),
                        unit: m.unit,
                        value: figure.value,
                        range,
                        extra: Some(format!("{}{settings}", interval.unwrap_or_default())),
                    })
                })
        })
        .collect();
    sumbench_page::json::pretty(&entries)
}

/// BMF of named items: each one's metrics, in `MEASURES` order; an item with no figure
/// is left out.
pub fn bmf_of<'a, T: Tracked + 'a>(
    items: impl Iterator<Item = (String, &'a T)>,
) -> anyhow::Result<String> {
    sumbench_page::json::pretty(&Ordered(
        items
            .map(|(name, item)| {
                let metrics = MEASURES
                    .iter()
                    .filter_map(|m| {
                        let figure = item.figure(m.kind)?;
                        Some((
                            m.slug.to_owned(),
                            Metric {
                                value: figure.value,
                                lower_value: figure.lower,
                                upper_value: figure.upper,
                            },
                        ))
                    })
                    .collect();
                (name, Ordered(metrics))
            })
            .filter(|(_, metrics)| !metrics.0.is_empty())
            .collect::<Vec<_>>(),
    ))
}

/// A figure for a reader: `47.49 ms`, `76.3 MiB`, else the number.
fn human(unit: &str, n: Number) -> String {
    match (unit, n) {
        ("ns", n) => duration_human(n.as_f64()),
        ("bytes", Number::Whole(bytes)) => bytes_human(bytes),
        (unit, Number::Whole(n)) => format!("{n} {unit}"),
        (unit, Number::Real(x)) => format!("{x:.3} {unit}"),
    }
}

#[cfg(test)]
pub(crate) mod tests;
