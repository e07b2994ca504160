//! One CSV row per strategy, every figure in base units (ns, bytes).

use super::RunReport;
use crate::machine::MachineInfo;

/// Renders `report` as CSV with a header row: every figure of a result, then the machine
/// (repeated on every row, since CSV has no nesting); warnings are joined with " | ".
pub fn render(report: &RunReport) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(
        [
            "strategy",
            "workload",
            "input_path",
            "input_bytes",
            "cache",
            "mode",
            "n",
            "chunk_size",
            "sum",
            "expected_sum",
            "correct",
            "runs",
            "median_ns",
            "min_ns",
            "max_ns",
            "ci_low_ns",
            "ci_high_ns",
            "ci_coverage",
            "counting_cost_percent",
            "counting_cost_low_percent",
            "counting_cost_high_percent",
            "counting_off_effect_percent",
            "ns_per_element",
            "mb_per_s",
            "peak_bytes",
            "allocations",
            "reallocations",
            "bytes_allocated",
            "heap_bound_bytes",
            "minor_faults",
            "major_faults",
            "read_bytes",
            "rss_delta_bytes",
            "peak_rss_bytes",
            "peak_rss_source",
            "warnings",
        ]
        .into_iter()
        .chain(MachineInfo::CSV_COLUMNS),
    )?;
    let machine = &report.machine;
    for r in &report.results {
        writer.write_record(
            [
                r.strategy.clone(),
                r.workload.to_string(),
                r.input_path.clone().unwrap_or_default(),
                r.input_bytes.map(|b| b.to_string()).unwrap_or_default(),
                r.cache.map(|c| c.to_string()).unwrap_or_default(),
                r.mode.to_string(),
                r.n.to_string(),
                r.chunk_size.to_string(),
                r.sum.map(|s| s.to_string()).unwrap_or_default(),
                r.expected_sum.map(|s| s.to_string()).unwrap_or_default(),
                r.correct.to_string(),
                r.runs.to_string(),
                r.median_ns.to_string(),
                r.min_ns.to_string(),
                r.max_ns.to_string(),
                r.ci_low_ns.to_string(),
                r.ci_high_ns.to_string(),
                format!("{:.6}", r.ci_coverage),
                format!("{:.3}", r.counting_cost_percent),
                format!("{:.3}", r.counting_cost_low_percent),
                format!("{:.3}", r.counting_cost_high_percent),
                format!("{:.4}", r.counting_off_effect_percent),
                format!("{:.6}", r.ns_per_element),
                r.mb_per_s.map(|m| format!("{m:.3}")).unwrap_or_default(),
                r.peak_bytes.to_string(),
                r.allocations.to_string(),
                r.reallocations.to_string(),
                r.bytes_allocated.to_string(),
                r.heap_bound_bytes
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
                r.minor_faults.to_string(),
                r.major_faults.to_string(),
                r.read_bytes.to_string(),
                r.rss_delta_bytes.to_string(),
                r.peak_rss_bytes.to_string(),
                crate::export::label(&r.peak_rss_source),
                r.warnings.join(" | "),
            ]
            .into_iter()
            .chain(machine.csv_values()),
        )?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}
