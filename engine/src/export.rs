//! Turning results into what people read: a terminal table, JSON, CSV and Markdown; into
//! what benchmark trackers read (BMF, github-action-benchmark's list); and writing files
//! so that a reader never sees half of one.
//!
//! Data flows one way: strategies → [`measure`](crate::measure) → [`RunReport`] → these
//! writers. No writer measures anything.

pub mod baselines;
pub mod csv;
pub mod index;
pub mod page;
pub mod sweep;
pub mod table;
pub mod trackers;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::baseline::BaselineComparison;
use crate::analysis::tradeoff::{Candidate, Times, Verdict};
use crate::measure::CacheState;
use crate::measure::machine::MachineInfo;
use crate::measure::{InputInfo, StrategyResult};
use crate::measure::{Mode, Workload};
use crate::stats::{NoiseFloor, PairedRatio};
use sumbench_page::units::{bytes_human, grouped};

/// `; a sample of a short call times a batch of calls, and gives their mean (calls per
/// sample: lazy 8,334)`, where any strategy was batched.
fn batched_words(results: &[crate::measure::StrategyResult]) -> String {
    let batched: Vec<String> = results
        .iter()
        .filter(|r| r.time.calls_per_sample > 1)
        .map(|r| {
            format!(
                "{} {}",
                r.strategy,
                sumbench_page::units::grouped(r.time.calls_per_sample)
            )
        })
        .collect();
    match batched.is_empty() {
        true => String::new(),
        false => format!(
            "; a sample of a short call times a batch of calls, and gives their mean \
             (calls per sample: {})",
            batched.join(", ")
        ),
    }
}

/// `Mode` saved as the bool `opaque`, the field readers of the JSON know.
mod opaque_flag {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::measure::Mode;

    pub fn serialize<S: Serializer>(mode: &Option<Mode>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(*mode == Some(Mode::Opaque))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Mode>, D::Error> {
        Ok(Some(match bool::deserialize(deserializer)? {
            true => Mode::Opaque,
            false => Mode::AsWritten,
        }))
    }
}

/// One `sumbench` run: its settings, the machine, and one result per strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    /// Names this run: the same in `latest.json` and `latest.md`, so a reader can check
    /// that the two come from one run.
    #[serde(default)]
    pub run_id: String,
    /// The workload and its input file, as in every result.
    #[serde(flatten)]
    pub input: InputInfo,
    /// Elements each call visits: `0..n`, or the file's values; 0 where a comparison did
    /// not say.
    pub n: u64,
    /// Chunk size given to the chunked strategies: elements for the range, bytes of read
    /// buffer for a file; absent where there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunk_size: Option<usize>,
    /// The element mode of every result, saved as `"opaque": true` or `false`; absent for a
    /// crate's own comparison.
    #[serde(
        rename = "opaque",
        with = "opaque_flag",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mode: Option<Mode>,
    /// Where and when it ran.
    pub machine: MachineInfo,
    /// One entry per strategy, in registry order.
    pub results: Vec<StrategyResult>,
    /// The verdict on the trade-off, computed from `results` by [`RunReport::decide`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// The seed that shuffled the order of every round; `None` in reports from before
    /// rounds were shuffled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// The paired ratio of every two strategies' times, round by round (see
    /// [`crate::stats`]): what the verdict's "faster" and "tied" rest on.
    #[serde(default)]
    pub ratios: Vec<PairedRatio>,
    /// The A/A pair's ratio: the smallest difference in time this run resolves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise: Option<NoiseFloor>,
    /// The name of a crate's own comparison ([`crate::Comparison`]); absent for the
    /// built-in workloads, whose headline says what was summed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The parameters of this run, by name, as hyperfine's `parameters`: the size of one
    /// point of a [`crate::Sweep`] (`n = 10000`). Empty for a single comparison.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, u64>,
    /// The strategies whose memory over time was recorded, in order: their charts are in
    /// `timeline/` beside the page. Empty where none was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timelines: Vec<String>,
    /// The comparison with a saved baseline, when one was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineComparison>,
}

impl RunReport {
    /// A new run id: the UTC time to the millisecond and the process id.
    pub fn new_run_id() -> String {
        format!(
            "{}-{}",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"),
            std::process::id()
        )
    }

    /// One line saying what was summed, how, and how often: the first line of the table
    /// and of the Markdown page.
    pub fn headline(&self) -> String {
        let runs = self.results.first().map_or(0, |r| r.time.runs);
        if let Some(title) = &self.title {
            let size = match self.n {
                0 => String::new(),
                n => format!(" (n = {})", grouped(n)),
            };
            // A parameter the size already shows is not said twice.
            let parameters: String = self
                .parameters
                .iter()
                .filter(|&(name, &value)| !(name == "n" && value == self.n))
                .map(|(name, &value)| format!(", {name} = {}", grouped(value)))
                .collect();
            return format!("{title}{size}{parameters}, median of {runs} rounds");
        }
        let chunk_size = self.chunk_size.unwrap_or(0) as u64;
        let mode = self.mode.unwrap_or_default();
        match (&self.input.input_path, self.input.workload) {
            (Some(path), Some(Workload::File)) => format!(
                "sum of the {} values of {path} ({}, {} cache), read buffer {}, median of {runs} rounds",
                grouped(self.n),
                bytes_human(self.input.input_bytes.unwrap_or(0)),
                self.input.cache.unwrap_or(CacheState::Warm),
                bytes_human(chunk_size),
            ),
            _ => format!(
                "sum of 0..{} (n = {}), chunk size {}, mode {}, median of {runs} rounds",
                grouped(self.n),
                grouped(self.n),
                grouped(chunk_size),
                mode,
            ),
        }
    }

    /// The results as trade-off candidates, and the ones left out with why: a wrong sum,
    /// or a time the compiler folded (a closed form is not a cost).
    pub fn candidates(&self) -> (Vec<Candidate>, Vec<String>) {
        let mut candidates = Vec::new();
        let mut left_out = Vec::new();
        for r in &self.results {
            if !r.check.correct {
                left_out.push(format!("{}, whose sum is wrong", r.strategy));
            } else if crate::measure::folded(r.input.workload, r.n, r.time.ns_per_element) {
                left_out.push(format!(
                    "{}, whose sum the compiler computed without a loop (see --opaque)",
                    r.strategy
                ));
            } else {
                candidates.push(Candidate {
                    label: r.strategy.clone(),
                    strategy: r.strategy.clone(),
                    time_ns: r.time.median_ns as f64,
                    time_low_ns: r.time.ci_low_ns as f64,
                    time_high_ns: r.time.ci_high_ns as f64,
                    peak_heap: r.memory.peak_bytes,
                    peak_rss: Some(r.memory.peak_rss_bytes),
                });
            }
        }
        (candidates, left_out)
    }

    /// How the times were taken and how far they can be trusted, in a few lines for
    /// under the table: the rounds and their seed, the intervals, the noise floor.
    pub fn method_lines(&self) -> Vec<String> {
        let Some(first) = self.results.first() else {
            return Vec::new();
        };
        let mut lines = Vec::new();
        let coverage = self
            .results
            .iter()
            .map(|r| r.time.ci_coverage)
            .fold(f64::INFINITY, f64::min);
        if let Some(seed) = self.seed {
            lines.push(format!(
                "Times: median of {} rounds with allocation counting off, each strategy in a \
                 process of its own, one sample of every strategy per round in an order \
                 shuffled with seed {seed} (--seed {seed} repeats it){}; interval: the median's \
                 distribution-free interval ({:.1} % confidence{}).",
                first.time.runs,
                batched_words(&self.results),
                coverage * 100.0,
                if coverage < crate::stats::CONFIDENCE {
                    "; 6 rounds or more reach 95 %"
                } else {
                    ""
                }
            ));
        }
        if let Some(verdict) = &self.verdict {
            lines.push(format!(
                "Tied: two strategies whose paired ratio's interval does not lie wholly beyond \
                 {} (--threshold).",
                sumbench_page::units::percent_text(verdict.threshold_percent)
            ));
        }
        // The largest cost this run resolves: the highest low end of an interval, among
        // loops that really ran (a folded call of a few µs is all dispatch noise).
        let costliest = self
            .results
            .iter()
            .filter(|r| !crate::measure::folded(r.input.workload, r.n, r.time.ns_per_element))
            .max_by(|a, b| {
                a.counting
                    .counting_cost_low_percent
                    .total_cmp(&b.counting.counting_cost_low_percent)
            });
        let heaviest_off = self.results.iter().max_by(|a, b| {
            a.counting
                .counting_off_effect_percent
                .total_cmp(&b.counting.counting_off_effect_percent)
        });
        if let (Some(costliest), Some(off), Some(_)) = (costliest, heaviest_off, self.seed) {
            let on = if costliest.counting.counting_cost_low_percent > 0.0 {
                format!(
                    "on, it adds {:+.1} % ({:+.1} % – {:+.1} %) to {}, the most this run resolves",
                    costliest.counting.counting_cost_percent,
                    costliest.counting.counting_cost_low_percent,
                    costliest.counting.counting_cost_high_percent,
                    costliest.strategy
                )
            } else {
                "on, its cost is within this run's noise for every strategy".to_owned()
            };
            lines.push(format!(
                "Allocation counting: {on} (a counted call against an uncounted one, pair by \
                 pair, in alternating order); heap figures come from counted calls and times \
                 from uncounted ones, and switched off it adds at most {:.3} % to any time ({}).",
                off.counting.counting_off_effect_percent, off.strategy
            ));
        }
        if let Some(noise) = &self.noise {
            lines.push(noise.sentence());
        }
        lines
    }

    /// Computes [`RunReport::verdict`] from the results.
    pub fn decide(&mut self) {
        let (candidates, left_out) = self.candidates();
        self.verdict = Verdict::compute(&candidates, left_out, Times::Paired(&self.ratios));
    }

    /// Every result's warnings, in order, then the run's: a noise floor too high to
    /// resolve the differences people look for.
    pub fn warnings(&self) -> impl Iterator<Item = String> + '_ {
        let noisy = self
            .noise
            .as_ref()
            .filter(|n| n.resolution_percent > NoiseFloor::WARN_PERCENT)
            .map(|n| {
                format!(
                    "the machine is noisy: this run cannot resolve differences in time under \
                     {:.0} % (its A/A pair, {}, ranged {}); give it more time (--time) or a \
                     quieter machine",
                    n.resolution_percent,
                    n.pair.numerator,
                    n.pair.interval_text()
                )
            });
        self.results
            .iter()
            .flat_map(|r| r.warnings.iter().cloned())
            .chain(noisy)
    }
}

/// An output format of the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for the terminal.
    Table,
    /// The whole report as one JSON object.
    Json,
    /// One CSV row per strategy.
    Csv,
    /// A Markdown page with the table.
    Markdown,
    /// Bencher Metric Format: one benchmark per strategy (`range/opaque/vec`), each with
    /// its latency (ns, with its interval), peak heap and peak RSS (bytes), allocations,
    /// bytes allocated and, for a file, throughput (MB/s).
    Bmf,
    /// github-action-benchmark's `customSmallerIsBetter` list: one entry per strategy and
    /// figure that should shrink (`range/opaque/vec latency`), throughput left out.
    BenchmarkAction,
}

/// The trade-off chart's file beside a run's page.
pub const TRADEOFF_CHART: &str = "tradeoff-latest.svg";

/// Renders `report` in `format`.
pub fn render(report: &RunReport, format: Format) -> anyhow::Result<String> {
    Ok(match format {
        Format::Table => table::render(report),
        Format::Json => sumbench_page::json::pretty(report)?,
        Format::Csv => csv::render(report)?,
        Format::Markdown => page::page(report, TRADEOFF_CHART).markdown(),
        Format::Bmf => trackers::bmf(report)?,
        Format::BenchmarkAction => trackers::benchmark_action(report)?,
    })
}

#[cfg(test)]
pub(crate) mod read_back;
#[cfg(test)]
pub(crate) mod tests;
