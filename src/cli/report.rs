//! `sumbench report`: the bench report rebuilt from what `cargo bench` left on disk,
//! compared with a memory baseline when asked.

use std::path::{Path, PathBuf};

use sumbench_app::report;

use super::{Failure, print_out, writable};

/// `sumbench report`: the bench report from data already on disk.
pub fn rebuild_report(
    reports_dir: &Path,
    target_dir: Option<PathBuf>,
    baseline: Option<&str>,
) -> Result<(), Failure> {
    if let Some(name) = baseline {
        sumbench::export::baselines::check_name(name).map_err(|e| Failure::Usage(e.to_string()))?;
    }
    let target_dir = target_dir.unwrap_or_else(sumbench_page::fileset::target_dir);
    let memory = target_dir.join(report::MEMORY_FILE);
    if !memory.is_file() {
        return Err(Failure::Usage(format!(
            "no memory pass at {}: run `cargo bench` first",
            memory.display()
        )));
    }
    writable(reports_dir, &report::FILES)?;
    let report = report::generate(&target_dir, reports_dir, baseline)?;
    if let Some(name) = baseline {
        match &report.memory_baseline {
            Some(comparison) => {
                sumbench_page::say!("memory against baseline {name}: {}", comparison.summary())
            }
            None => sumbench_page::say!(
                "no memory baseline {name} at {}: nothing compared",
                report::memory_baseline::path(&target_dir, name).display()
            ),
        }
    }
    for warning in &report.warnings {
        sumbench_page::say!("warning: {warning}");
    }
    print_out(&format!("{}\n", reports_dir.join("index.html").display()))?;
    Ok(())
}
