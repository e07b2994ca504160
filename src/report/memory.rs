//! The memory pass of a bench run: every planned point called once after a warm-up under
//! the counting allocator, since criterion cannot time memory.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::suite::{self, Point};
use crate::workloads::contenders;
pub use sumbench::measure::MemoryFigures;
use sumbench::measure::machine::MachineInfo;
use sumbench::measure::{self, CacheState};
use sumbench_page::table::Table;
use sumbench_page::units::grouped;

/// The memory pass of one `cargo bench` run: every planned point's figures, or why it was
/// skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoryPass {
    /// The machine it ran on.
    pub machine: MachineInfo,
    /// The scaling sweep's largest size.
    pub max_n: u64,
    /// Figures by point key (`group/strategy/parameter`).
    pub records: BTreeMap<String, MemoryFigures>,
    /// Points not run, by key, with the reason.
    pub skipped: BTreeMap<String, String>,
}

impl MemoryPass {
    /// Measures every point that fits in `available` bytes: one warm-up call, then one
    /// measured call (heap figures are exact and repeat; the warm-up settles rayon's pool).
    pub fn measure(points: &[Point], max_n: u64, available: Option<u64>) -> anyhow::Result<Self> {
        let mut records = BTreeMap::new();
        let mut skipped = BTreeMap::new();
        for point in points {
            if !suite::fits(point, available) {
                skipped.insert(point.key(), skip_reason(point, available));
                continue;
            }
            let contender = contenders::contender(point.strategy, &point.params, point.mode);
            let case = contenders::case(&point.params, point.mode, CacheState::Warm)?;
            measure::warm_up_once(&contender, &case)?;
            let (sum, sample) = measure::sample(&contender, &case)?;
            let expected = point.params.expected_sum();
            if Some(sum) != expected {
                // A wrong sum fails the bench, as it fails a run.
                anyhow::bail!(
                    "{} returned {sum}, not {}, in the memory pass",
                    point.key(),
                    expected.map_or_else(|| "a sum that fits a u64".to_owned(), |e| e.to_string())
                );
            }
            records.insert(
                point.key(),
                MemoryFigures {
                    peak_bytes: sample.heap.peak_bytes,
                    allocations: sample.heap.allocations,
                    reallocations: sample.heap.reallocations,
                    bytes_allocated: sample.heap.bytes_allocated,
                    minor_faults: sample.minor_faults,
                    major_faults: sample.major_faults,
                    read_bytes: sample.read_bytes,
                    peak_rss_bytes: sample.peak_rss.bytes,
                    peak_rss_source: sample.peak_rss.source,
                },
            );
        }
        Ok(Self {
            machine: MachineInfo::current(),
            max_n,
            records,
            skipped,
        })
    }

    /// A compact terminal table of the pass: one line per point.
    pub fn table(&self) -> String {
        let headers = [
            "point",
            "peak heap (B)",
            "allocs",
            "bytes allocated",
            "peak RSS (B)",
            "faults",
        ];
        // Every column left, as this listing has always been.
        let mut table = Table::new(headers, headers.len());
        for (key, figures) in &self.records {
            table.push([
                key.clone(),
                grouped(figures.peak_bytes),
                grouped(figures.allocations),
                grouped(figures.bytes_allocated),
                format!(
                    "{}{}",
                    grouped(figures.peak_rss_bytes),
                    figures.peak_rss_source.suffix()
                ),
                grouped(figures.minor_faults),
            ]);
        }
        for (key, reason) in &self.skipped {
            table.push([key.clone(), format!("skipped: {reason}")]);
        }
        table.plain()
    }
}

/// Why `point` is not run: its heap bound against the memory available.
pub fn skip_reason(point: &Point, available: Option<u64>) -> String {
    format!(
        "{} needs {} of heap at n = {}, more than the {} available",
        point.strategy.name(),
        sumbench_page::units::bytes_human(point.strategy.heap_bound(&point.params)),
        sumbench_page::units::grouped(point.params.n),
        sumbench_page::units::bytes_human(available.unwrap_or(0))
    )
}
