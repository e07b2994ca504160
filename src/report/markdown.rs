//! `reports/README.md`: the summary table and the charts, for reading on a code host.

use std::fmt::Write;

use super::charts::Chart;
use super::{BenchReport, Extras};
use crate::baseline::Comparison;
use crate::strategy::{Mode, Workload};
use crate::units::{allocations_cell, bytes_human, duration_human, grouped};
use crate::workloads::REGISTRY;

/// One line of the summary table, formatted for people; shared with the HTML page.
pub(super) struct SummaryRow {
    pub strategy: String,
    pub description: String,
    pub mode: Mode,
    pub time: String,
    pub interval: String,
    pub ns_per_element: String,
    pub peak_exact: String,
    pub peak_human: String,
    pub allocations: String,
    pub bytes_allocated: String,
    pub peak_rss: String,
    pub minor_faults: String,
    pub complexity: String,
}

/// A Markdown table whose first column names the row and whose other cells are figures,
/// aligned right.
pub(crate) fn figures_table<const N: usize>(
    out: &mut String,
    headers: &[&str; N],
    rows: &[[String; N]],
) {
    let _ = writeln!(
        out,
        "| {} |\n|---|{}",
        headers.join(" | "),
        "---:|".repeat(N.saturating_sub(1))
    );
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
}

/// The seed-case row of every strategy, as written first, then opaque.
pub(super) fn summary_rows(report: &BenchReport) -> Vec<SummaryRow> {
    const MISSING: &str = "–";
    let mut rows = Vec::new();
    for mode in Mode::ALL {
        for strategy in REGISTRY {
            let Some(point) = report.seed(strategy.name(), mode) else {
                continue;
            };
            let time = point.time.as_ref();
            let memory = point.memory.as_ref();
            let text = |value: Option<String>| value.unwrap_or_else(|| MISSING.to_owned());
            rows.push(SummaryRow {
                strategy: strategy.name().to_owned(),
                description: strategy.description().to_owned(),
                mode,
                time: text(time.map(|t| duration_human(t.point_ns))),
                interval: text(time.map(|t| {
                    format!(
                        "{} – {}",
                        duration_human(t.lower_ns),
                        duration_human(t.upper_ns)
                    )
                })),
                ns_per_element: text(time.map(|t| format!("{:.3}", t.point_ns / point.n as f64))),
                peak_exact: text(memory.map(|m| grouped(m.peak_bytes))),
                peak_human: text(memory.map(|m| bytes_human(m.peak_bytes))),
                allocations: text(memory.map(|m| allocations_cell(m.allocations, m.reallocations))),
                bytes_allocated: text(memory.map(|m| grouped(m.bytes_allocated))),
                peak_rss: text(memory.map(|m| {
                    format!(
                        "{}{}",
                        bytes_human(m.peak_rss_bytes),
                        m.peak_rss_source.suffix()
                    )
                })),
                minor_faults: text(memory.map(|m| grouped(m.minor_faults))),
                complexity: report
                    .complexity_of(strategy.name(), mode)
                    .map_or_else(|| MISSING.to_owned(), |c| c.summary()),
            });
        }
    }
    rows
}

/// The columns of the allocator-overhead table, shared with the HTML page.
pub(super) const OVERHEAD_HEADERS: [&str; 6] = [
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

/// What the fitted exponents mean, shared with the HTML page.
pub(super) const COMPLEXITY_NOTE: &str = "Complexity: exponents of time and of peak heap \
    against n, fitted (least squares, log–log) over the scaling sweep. Exponents are over \
    the whole sweep: a chunked strategy whose peak stops growing at the chunk size shows a \
    fractional peak exponent, and a strategy with a fixed start-up cost (rayon's dispatch, \
    the first touch of fresh pages above glibc's reuse threshold) bends its time exponent.";

/// Which figure comes from where, shared with the HTML page.
pub(super) fn sources(report: &BenchReport) -> String {
    let mut line = "Times: criterion's estimates from `cargo bench` (mean, 95 % interval), \
        taken with allocation counting off. Memory: exact, from counted calls in the same run."
        .to_owned();
    match &report.paired {
        Some(pass) => {
            let floors: Vec<String> = pass
                .groups
                .iter()
                .filter_map(|g| {
                    let noise = g.noise.as_ref()?;
                    Some(format!(
                        "{} {} {:.1} %",
                        g.group.workload(),
                        g.mode,
                        noise.resolution_percent
                    ))
                })
                .collect();
            let _ = write!(
                line,
                " Which strategy is faster, or tied, comes from the paired pass run after \
                 criterion: every seed point again in interleaved rounds ({} for the range, {} \
                 for the file, order shuffled with seed {}), compared by the ratio of their \
                 times within each round; a difference counts when its whole interval lies \
                 beyond {:.0} %. The range's two modes run in separate rounds, so a strategy in \
                 one mode is compared with one in the other by criterion's intervals. Noise \
                 floors (A/A pairs): {}.",
                crate::suite::paired::RANGE_ROUNDS,
                crate::suite::paired::FILE_ROUNDS,
                pass.seed,
                crate::stats::PRACTICAL_DIFFERENCE * 100.0,
                floors.join(", ")
            );
        }
        None => line.push_str(
            " No paired pass has run, so which is faster is read off criterion's intervals: \
             faster only where one interval ends more than 3 % below the other's start.",
        ),
    }
    line
}

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
             (goal: at most 1.20×)."
        );
    }
    if let Some(all) = ratio("counting", "system", true) {
        let _ = write!(
            line,
            " With all {} cores allocating at once it costs {all:.2}× the system allocator \
             (goal: at most 1.50×): the live and peak counters, and stats_alloc's own, are \
             shared by every thread.",
            cost.all_cores
        );
    }
    Some(line)
}

/// The columns of the allocator-cost table, shared with the HTML page.
pub(super) const COST_HEADERS: [&str; 3] = ["allocator", "one thread", "all cores at once"];

/// One row per allocator timed: ns per allocation and free, one thread and all cores.
pub(super) fn allocator_cost_rows(report: &BenchReport) -> Vec<[String; 3]> {
    let Some(cost) = &report.allocator_cost else {
        return Vec::new();
    };
    let time = |ns: Option<f64>| ns.map_or_else(|| "–".to_owned(), duration_human);
    cost.allocators
        .iter()
        .map(|row| {
            [
                row.allocator.clone(),
                time(row.one_thread_ns),
                time(row.all_cores_ns),
            ]
        })
        .collect()
}

/// One formatted row per strategy of the allocator-overhead table.
pub(super) fn overhead_rows(report: &BenchReport) -> Vec<[String; 6]> {
    report
        .overhead
        .iter()
        .map(|o| {
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
        })
        .collect()
}

/// Renders the page.
pub fn render(report: &BenchReport, charts: &[Chart], extras: &Extras) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# sumbench report\n\nMachine: {}.  \n{} Open `index.html` here for the same page \
         in a browser.\n",
        report.machine.summary(),
        sources(report)
    );
    if let Some(tradeoff) = report
        .tradeoffs
        .iter()
        .find(|t| t.workload == Workload::Range)
    {
        tradeoff_section(&mut out, tradeoff);
    }
    for warning in &report.warnings {
        let _ = writeln!(out, "> **Warning:** {warning}\n");
    }
    if let Some(comparison) = &report.memory_baseline {
        let _ = writeln!(
            out,
            "## Memory against the baseline {}\n",
            comparison.baseline
        );
        for note in comparison.notes() {
            let _ = writeln!(out, "{note}\n");
        }
        let _ = writeln!(out, "{}\n", comparison.summary());
        let changed = comparison.changed_rows();
        if !changed.is_empty() {
            figures_table(&mut out, &Comparison::HEADERS, &changed);
            out.push('\n');
        }
    }
    out.push_str("## The seed's case: n = 10,000,000\n\n");
    out.push_str(
        "| strategy | mode | time | 95% interval | ns/element | peak heap (B) | peak heap | allocs | bytes allocated | peak RSS | minor faults | complexity |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for r in summary_rows(report) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.strategy,
            r.mode,
            r.time,
            r.interval,
            r.ns_per_element,
            r.peak_exact,
            r.peak_human,
            r.allocations,
            r.bytes_allocated,
            r.peak_rss,
            r.minor_faults,
            r.complexity
        );
    }
    let _ = writeln!(out, "\n{COMPLEXITY_NOTE}");
    let _ = writeln!(out, "\n## The counting allocator's cost\n");
    if report.overhead.is_empty() {
        let _ = writeln!(
            out,
            "Not measured yet: the paired pass runs at the end of a full `cargo bench`."
        );
    } else {
        let _ = writeln!(out, "{OVERHEAD_NOTE}\n");
        figures_table(&mut out, &OVERHEAD_HEADERS, &overhead_rows(report));
        if let Some(control) = overhead_control(report) {
            let _ = writeln!(out, "\n{control}");
        }
    }
    if let Some(cost) = allocator_cost_line(report) {
        let _ = writeln!(out, "\n### One allocation and its free\n\n{cost}\n");
        figures_table(&mut out, &COST_HEADERS, &allocator_cost_rows(report));
    }
    out.push_str("\n## Charts\n\n");
    for chart in charts.iter().filter(|c| c.workload == Workload::Range) {
        let _ = writeln!(out, "![{}]({})\n", chart.title, chart.file);
        if let Some(note) = &chart.note {
            let _ = writeln!(out, "*{note}*\n");
        }
    }
    let file_rows = super::file::rows(report);
    if !file_rows.is_empty() {
        let _ = writeln!(
            out,
            "## File workload: 10,000,000 numbers read from a file\n\n{}\n",
            super::file::NOTE
        );
        if let Some(tradeoff) = report
            .tradeoffs
            .iter()
            .find(|t| t.workload == Workload::File)
        {
            tradeoff_section(&mut out, tradeoff);
        }
        figures_table(&mut out, &super::file::HEADERS, &file_rows);
        out.push('\n');
        for goal in super::file::goals(report) {
            let _ = writeln!(out, "- {goal}");
        }
        out.push('\n');
        for chart in charts.iter().filter(|c| c.workload == Workload::File) {
            let _ = writeln!(out, "![{}]({})\n", chart.title, chart.file);
            if let Some(note) = &chart.note {
                let _ = writeln!(out, "*{note}*\n");
            }
        }
    }
    if let Some(python) = &extras.python {
        out.push_str("## The seed's Python programs beside ours\n\n");
        let _ = writeln!(
            out,
            "From `cargo run --release -- python` ([python.md](python.md)), n = {}, {}.\n",
            grouped(python.n),
            python.python_version,
        );
        figures_table(
            &mut out,
            &crate::python::HEADERS,
            &crate::python::cells(python),
        );
        let _ = writeln!(out, "\n{}\n", crate::python::render::NOTE);
    }
    if let Some(python) = &extras.python_file {
        use crate::python::file;
        out.push_str("## Python reading the file, beside ours\n\n");
        let _ = writeln!(
            out,
            "From `cargo run --release -- python --workload file` \
             ([python-file.md](python-file.md)): {}.\n\n{}\n",
            file::render::setting(python),
            file::render::baselines(python),
        );
        figures_table(&mut out, &file::HEADERS, &file::cells(python));
        let _ = writeln!(out, "\n{}\n", file::render::NOTE);
        for finding in &python.findings {
            let _ = writeln!(out, "- {finding}");
        }
        out.push('\n');
    }
    if !extras.timelines.is_empty() {
        out.push_str("## Memory over time\n\n");
        for file in &extras.timelines {
            let _ = writeln!(out, "![{file}]({file})\n");
        }
        for quiet in &extras.quiet {
            let _ = writeln!(out, "*{}.*\n", quiet.line());
        }
        out.push_str("Phase tables: [timeline/phases.md](timeline/phases.md).\n\n");
    }
    out.push_str(
        "Every figure: [bench.json](bench.json), [bench.csv](bench.csv); for a benchmark \
         tracker, [bench.bmf.json](bench.bmf.json) (Bencher Metric Format).\n",
    );
    out
}

/// A workload's verdict and its trade-off chart.
fn tradeoff_section(out: &mut String, tradeoff: &super::Tradeoff) {
    if let Some(verdict) = &tradeoff.verdict {
        let _ = writeln!(out, "**Verdict.** {}\n", verdict.paragraph());
    }
    let _ = writeln!(
        out,
        "![{}]({})\n\n*Time (criterion's estimate, the bar its interval) against peak memory; \
         the black line joins the Pareto front; a dimmed point is beaten by one on it, no better on either count and worse on one.*\n",
        tradeoff.title, tradeoff.file
    );
}
