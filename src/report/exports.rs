//! `bench.json` (the whole report) and `bench.csv` (one row per point, base units).

use super::BenchReport;
use crate::machine::MachineInfo;

/// The whole report as pretty JSON.
pub fn json(report: &BenchReport) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(report)?;
    text.push('\n');
    Ok(text)
}

/// One CSV row per point: its identity, criterion's estimate with its interval (ns), the
/// memory figures, the skip reason, and the machine (repeated, CSV having no nesting).
/// Figures not available are empty cells.
pub fn csv(report: &BenchReport) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(
        [
            "key",
            "group",
            "strategy",
            "mode",
            "n",
            "chunk_size",
            "time_ns",
            "time_lower_ns",
            "time_upper_ns",
            "peak_bytes",
            "allocations",
            "reallocations",
            "bytes_allocated",
            "minor_faults",
            "peak_rss_bytes",
            "peak_rss_source",
            "skipped",
        ]
        .into_iter()
        .chain(MachineInfo::CSV_COLUMNS),
    )?;
    let machine = &report.machine;
    let or_empty = |value: Option<String>| value.unwrap_or_default();
    for p in &report.points {
        let time = p.time.as_ref();
        let memory = p.memory.as_ref();
        writer.write_record(
            [
                p.key.clone(),
                serde_json::to_value(p.group)?
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
                p.strategy.clone(),
                p.mode.to_string(),
                p.n.to_string(),
                p.chunk_size.to_string(),
                or_empty(time.map(|t| format!("{:.1}", t.point_ns))),
                or_empty(time.map(|t| format!("{:.1}", t.lower_ns))),
                or_empty(time.map(|t| format!("{:.1}", t.upper_ns))),
                or_empty(memory.map(|m| m.peak_bytes.to_string())),
                or_empty(memory.map(|m| m.allocations.to_string())),
                or_empty(memory.map(|m| m.reallocations.to_string())),
                or_empty(memory.map(|m| m.bytes_allocated.to_string())),
                or_empty(memory.map(|m| m.minor_faults.to_string())),
                or_empty(memory.map(|m| m.peak_rss_bytes.to_string())),
                or_empty(memory.map(|m| crate::export::label(&m.peak_rss_source))),
                or_empty(p.skipped.clone()),
            ]
            .into_iter()
            .chain(machine.csv_values()),
        )?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}
