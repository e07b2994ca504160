//! JSON as sumbench writes it: pretty-printed, ending with a newline, for every file and
//! for stdout.

use serde::Serialize;

use super::RunReport;

/// `value` pretty-printed, ending with a newline: the one way every JSON file is written.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// Renders `report` as JSON, ending with a newline.
pub fn render(report: &RunReport) -> anyhow::Result<String> {
    pretty(report)
}
