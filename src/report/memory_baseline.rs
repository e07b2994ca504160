//! The memory pass's baselines, kept beside criterion's: `cargo bench -- --save-baseline
//! NAME` saves the pass as `memory-NAME.json` under [`sumbench::export::baselines::DIR`],
//! `cargo bench -- --baseline NAME` compares with it without saving, and a plain
//! `cargo bench` compares with and then replaces `memory-base.json`, as criterion does with
//! its times under the name `base`.

use std::path::{Path, PathBuf};

use super::MemoryPass;
use crate::workloads;
use sumbench::analysis::baseline::{self, BaselineComparison, Row};
use sumbench::export::baselines;
use sumbench_page::json::read_if_present;

/// The name criterion saves and compares with when given none.
pub const DEFAULT: &str = "base";

/// What a bench run does with memory baselines, read from criterion's own arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchBaselines {
    /// The baseline this run is compared with, if it exists.
    pub compare: String,
    /// The name this run is saved under, if any (`--baseline` saves nothing).
    pub save: Option<String>,
}

impl BenchBaselines {
    /// From criterion's arguments: `--save-baseline NAME`, `--baseline NAME`
    /// (`--baseline-lenient NAME`), either as one `--flag=NAME` or two words.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Self {
        let args: Vec<String> = args.into_iter().collect();
        let value = |flag: &str| {
            args.iter().enumerate().find_map(|(i, arg)| {
                arg.strip_prefix(&format!("{flag}="))
                    .map(str::to_owned)
                    .or_else(|| (arg == flag).then(|| args.get(i + 1).cloned()).flatten())
            })
        };
        let save = value("--save-baseline");
        match value("--baseline").or_else(|| value("--baseline-lenient")) {
            Some(name) => BenchBaselines {
                compare: name,
                save: None,
            },
            None => {
                let name = save.unwrap_or_else(|| DEFAULT.to_owned());
                BenchBaselines {
                    compare: name.clone(),
                    save: Some(name),
                }
            }
        }
    }
}

/// Where the memory baseline `name` is kept.
pub fn path(target_dir: &Path, name: &str) -> PathBuf {
    target_dir
        .join(baselines::DIR)
        .join(format!("memory-{name}.json"))
}

/// Saves `pass` as the memory baseline `name`.
pub fn save(pass: &MemoryPass, target_dir: &Path, name: &str) -> anyhow::Result<PathBuf> {
    baselines::check_name(name)?;
    let path = path(target_dir, name);
    baselines::store(&path, pass)?;
    Ok(path)
}

/// `pass` compared with the memory baseline `name`, or `None` when there is none.
pub fn compare(
    pass: &MemoryPass,
    target_dir: &Path,
    name: &str,
) -> anyhow::Result<Option<BaselineComparison>> {
    baselines::check_name(name)?;
    let Some(before) = read_if_present::<MemoryPass>(&path(target_dir, name), "a memory pass")?
    else {
        return Ok(None);
    };
    let mut settings = Vec::new();
    if before.max_n != pass.max_n {
        settings.push(format!(
            "scaling sweep up to {} → {}",
            sumbench_page::units::grouped(before.max_n),
            sumbench_page::units::grouped(pass.max_n)
        ));
    }
    Ok(Some(baseline::compare_rows(
        name,
        &before.machine.date,
        settings,
        &rows(&before),
        &rows(pass),
    )))
}

/// One row per measured point, labelled by its key (which names its mode).
fn rows(pass: &MemoryPass) -> Vec<Row> {
    pass.records
        .iter()
        .map(|(key, figures)| Row {
            label: key.clone(),
            mode: None,
            peak_heap: figures.peak_bytes,
            peak_rss: figures.peak_rss_bytes,
            allocations: figures.allocations,
            bytes_allocated: figures.bytes_allocated,
            time: None,
            // Keys are `group/strategy/parameter`.
            heap_slack: baseline::heap_slack(
                workloads::find(key.split('/').nth(1).unwrap_or_default())
                    .is_some_and(|strategy| strategy.parallel()),
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests;
