//! The counting allocator's cost as both report pages show it: the paired pass's overhead
//! per strategy, the control that says what is noise, and one allocation's cost through
//! each allocator. Separate from either page so that neither reaches into the other.

use std::fmt::Write;

use super::BenchReport;
use sumbench_page::table::Table;
use sumbench_page::units::{duration_human, grouped};

/// The columns of the allocator-overhead table.
const OVERHEAD_HEADERS: [&str; 6] = [
    "strategy",
    "allocs per call",
    "time (uncounted)",
    "counting on adds",
    "interval",
    "expected (from the cost per allocation)",
];

/// What the overhead table says, shared with the HTML page.
pub(super) const OVERHEAD_NOTE: &str = "Measured in the paired pass that follows criterion, \
    in one process: each strategy called with allocation counting off, then on, pair after \
    pair; the median of the counted time over the uncounted time, minus one, with its \
    distribution-free interval. Every time in this report is taken with counting off \
    (criterion's too); counted calls give the heap figures.";

/// What pairing leaves as noise, read off the strategies that make no allocation (the
/// counting allocator has nothing to count there), and what it leaves resolvable.
pub(super) fn overhead_control(report: &BenchReport) -> Option<String> {
    let (controls, allocating): (Vec<_>, Vec<_>) =
        report.overhead.iter().partition(|o| o.allocations == 0);
    let noise = controls
        .iter()
        .map(|o| o.cost_low_percent.abs().max(o.cost_high_percent.abs()))
        .reduce(f64::max)?;
    let names: Vec<&str> = controls.iter().map(|o| o.strategy.as_str()).collect();
    let beyond: Vec<String> = allocating
        .iter()
        .filter(|o| o.cost_low_percent > noise)
        .map(|o| format!("{} ({:+.1} %)", o.strategy, o.cost_percent))
        .collect();
    let verdict = if beyond.is_empty() {
        "No allocating strategy's interval lies above that.".to_owned()
    } else {
        format!(
            "Resolved above that, so the counting allocator's cost: {}.",
            beyond.join(", ")
        )
    };
    let heaviest_off = report
        .overhead
        .iter()
        .max_by(|a, b| a.off_effect_percent.total_cmp(&b.off_effect_percent))?;
    Some(format!(
        "Control: {} make no allocation, so counting cannot slow them; their intervals reach \
         {:.1} % from 0, the noise that pairing leaves. {verdict} Switched off, the counting \
         allocator adds at most {:.3} % to any time here ({}: its allocations times the \
         overhead of an uncounted allocation, measured in the same pass).",
        names.join(", "),
        noise,
        heaviest_off.off_effect_percent,
        heaviest_off.strategy
    ))
}

/// The measured cost of one allocation through each allocator, in words.
pub(super) fn allocator_cost_line(report: &BenchReport) -> Option<String> {
    let cost = report.allocator_cost.as_ref()?;
    let mut line = format!(
        "Measured directly, in one process: one {} B allocation and its free take {} \
         through the system allocator and {} through the counting allocator on one thread, \
         {:+.1} ns each. The last column of the counting-cost table multiplies that by \
         each strategy's allocations and reallocations; it assumes one thread allocating at \
         a time.",
        crate::suite::ALLOCATOR_COST_BYTES,
        duration_human(cost.system_ns),
        duration_human(cost.counting_ns),
        cost.extra_ns
    );
    let ratio = |allocator: &str, baseline: &str, all_cores: bool| {
        let pick = |row: &super::AllocatorCostRow| {
            if all_cores {
                row.all_cores_ns
            } else {
                row.one_thread_ns
            }
        };
        Some(pick(cost.row(allocator)?)? / pick(cost.row(baseline)?)?)
    };
    if let Some(one) = ratio("counting", "stats_alloc", false) {
        let _ = write!(
            line,
            " On one thread the counting allocator costs {one:.2}× stats_alloc alone \
             (goal: at most 1.20×: {}).",
            super::file::met(one <= 1.20)
        );
    }
    if let Some(all) = ratio("counting", "system", true) {
        let _ = write!(
            line,
            " With all {} cores allocating at once it costs {all:.2}× the system allocator \
             (goal: at most 1.50×: {}): the live and peak counters, and stats_alloc's own, \
             are shared by every thread.",
            cost.all_cores,
            super::file::met(all <= 1.50)
        );
    }
    Some(line)
}

/// The columns of the allocator-cost table.
const COST_HEADERS: [&str; 3] = ["allocator", "one thread", "all cores at once"];

/// One row per allocator timed: ns per allocation and free, one thread and all cores.
pub(super) fn allocator_cost_table(report: &BenchReport) -> Table {
    let table = Table::new(COST_HEADERS, 1);
    let Some(cost) = &report.allocator_cost else {
        return table;
    };
    let time = |ns: Option<f64>| ns.map_or_else(|| "–".to_owned(), duration_human);
    table.with_rows(cost.allocators.iter().map(|row| {
        [
            row.allocator.clone(),
            time(row.one_thread_ns),
            time(row.all_cores_ns),
        ]
    }))
}

/// The allocator-overhead table: one formatted row per strategy.
pub(super) fn overhead_table(report: &BenchReport) -> Table {
    Table::new(OVERHEAD_HEADERS, 1).with_rows(report.overhead.iter().map(|o| {
        [
            o.strategy.clone(),
            grouped(o.allocations),
            duration_human(o.uncounted_ns),
            format!("{:+.1} %", o.cost_percent),
            format!(
                "{:+.1} % – {:+.1} %",
                o.cost_low_percent, o.cost_high_percent
            ),
            o.predicted_percent
                .map_or_else(|| "–".to_owned(), |p| format!("{p:+.3} %")),
        ]
    }))
}
