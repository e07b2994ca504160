//! Reading criterion's own results: `target/criterion/**/new/{benchmark,estimates}.json`.
//!
//! criterion writes, for every benchmark, its id (`benchmark.json`) and its statistics
//! (`estimates.json`) in a folder named after the id. sumbench reads the id from the file
//! rather than rebuilding the folder name, so criterion's escaping of unusual characters
//! never breaks the join.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The parts of `benchmark.json` sumbench needs.
#[derive(Debug, Deserialize)]
struct BenchmarkJson {
    full_id: String,
    directory_name: String,
}

/// A confidence interval as criterion writes it.
#[derive(Debug, Clone, Copy, Deserialize)]
struct IntervalJson {
    confidence_level: f64,
    lower_bound: f64,
    upper_bound: f64,
}

/// One statistic of `estimates.json`.
#[derive(Debug, Clone, Copy, Deserialize)]
struct EstimateJson {
    confidence_interval: IntervalJson,
    point_estimate: f64,
}

/// The parts of `estimates.json` sumbench needs.
#[derive(Debug, Deserialize)]
struct EstimatesJson {
    mean: EstimateJson,
    slope: Option<EstimateJson>,
}

/// criterion's estimate of one call's time, in nanoseconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeEstimate {
    /// The typical time of one call: criterion's slope estimate where it has one (linear
    /// sampling), else its mean.
    pub point_ns: f64,
    /// Lower end of the confidence interval, ns.
    pub lower_ns: f64,
    /// Upper end of the confidence interval, ns.
    pub upper_ns: f64,
    /// The interval's confidence level (0.95 by default).
    pub confidence_level: f64,
    /// The benchmark's folder under criterion's output directory (its HTML report is
    /// `report/index.html` inside it).
    pub directory: String,
}

/// Every benchmark criterion has results for under `criterion_dir`, by full id
/// (`group/function/parameter`). A missing directory gives an empty map; a file that does
/// not parse is an error naming it.
pub fn read_all(criterion_dir: &Path) -> anyhow::Result<BTreeMap<String, TimeEstimate>> {
    let mut found = BTreeMap::new();
    if !criterion_dir.is_dir() {
        return Ok(found);
    }
    for folder in new_folders(criterion_dir)? {
        let id: BenchmarkJson = read_json(&folder.join("benchmark.json"))?;
        let estimates: EstimatesJson = read_json(&folder.join("estimates.json"))?;
        let typical = estimates.slope.unwrap_or(estimates.mean);
        let interval = typical.confidence_interval;
        check_plausible(typical.point_estimate, &interval).map_err(|why| {
            anyhow::anyhow!(
                "{} is not an estimate criterion wrote: {why}",
                folder.join("estimates.json").display()
            )
        })?;
        found.insert(
            id.full_id,
            TimeEstimate {
                point_ns: typical.point_estimate,
                lower_ns: typical.confidence_interval.lower_bound,
                upper_ns: typical.confidence_interval.upper_bound,
                confidence_level: typical.confidence_interval.confidence_level,
                directory: id.directory_name,
            },
        );
    }
    Ok(found)
}

/// Folders named `new` holding both files, at any depth below `dir`.
fn new_folders(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current)? {
            let entry = entry?;
            // A real folder only: a link could lead anywhere, or back here for ever.
            if !entry.file_type()?.is_dir() {
                continue;
            }
            let path = entry.path();
            if path.file_name().is_some_and(|name| name == "new")
                && path.join("benchmark.json").is_file()
                && path.join("estimates.json").is_file()
            {
                found.push(path);
            } else {
                pending.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Why an estimate is not one criterion could have written, if it is not: a time from
/// above 0 to [`MAX_ESTIMATE_NS`], an interval whose lower end is not above its upper end,
/// and a confidence level between 0 and 1.
fn check_plausible(point: f64, interval: &IntervalJson) -> Result<(), String> {
    let plausible = |ns: f64| ns.is_finite() && ns > 0.0 && ns <= MAX_ESTIMATE_NS;
    if ![point, interval.lower_bound, interval.upper_bound]
        .into_iter()
        .all(plausible)
    {
        return Err(format!(
            "a time is not a number of ns above 0 and at most {MAX_ESTIMATE_NS:e}"
        ));
    }
    if interval.lower_bound > interval.upper_bound {
        return Err(format!(
            "the interval's lower end ({} ns) lies above its upper end ({} ns)",
            interval.lower_bound, interval.upper_bound
        ));
    }
    let level = interval.confidence_level;
    if !(level > 0.0 && level < 1.0) {
        return Err(format!(
            "the confidence level {level} is not a number between 0 and 1"
        ));
    }
    Ok(())
}

/// The longest time an estimate may hold: about 11 days, far past any point of the suite.
const MAX_ESTIMATE_NS: f64 = 1e15;

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let text = sumbench_page::fileset::read_regular(path, 16 << 20)?
        .ok_or_else(|| anyhow::anyhow!("cannot read {}: it does not exist", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{} is not criterion's format: {e}", path.display()))
}

#[cfg(test)]
mod tests;
