//! `sumbench report`: the bench report rebuilt from what `cargo bench` left on disk.

use std::path::{Path, PathBuf};

use sumbench::report;

use super::{Failure, print_out, writable};

/// `sumbench report`: the bench report from data already on disk.
pub fn rebuild_report(reports_dir: &Path, target_dir: Option<PathBuf>) -> Result<(), Failure> {
    let target_dir = target_dir.unwrap_or_else(report::target_dir);
    let memory = target_dir.join(report::MEMORY_FILE);
    if !memory.is_file() {
        return Err(Failure::Usage(format!(
            "no memory pass at {}: run `cargo bench` first",
            memory.display()
        )));
    }
    writable(reports_dir, &report::FILES)?;
    let report = report::generate(&target_dir, reports_dir)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    print_out(&format!("{}\n", reports_dir.join("index.html").display()))?;
    Ok(())
}
