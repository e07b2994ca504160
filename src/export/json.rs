//! The report as one pretty-printed JSON object.

use super::RunReport;

/// Renders `report` as JSON, ending with a newline.
pub fn render(report: &RunReport) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(report)?;
    text.push('\n');
    Ok(text)
}
