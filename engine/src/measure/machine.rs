//! The machine a result was measured on, stamped on every report: a time means little
//! without the CPU, the core count and the compiler that produced it.

use serde::{Deserialize, Serialize};

/// Where and when a measurement was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MachineInfo {
    /// The CPU's model name from `/proc/cpuinfo`, or "unknown".
    pub cpu_model: String,
    /// Cores this process may run on (what rayon's pool uses).
    pub cores: usize,
    /// Total memory, in bytes (`MemTotal`), 0 if unknown.
    pub memory_bytes: u64,
    /// `rustc --version` of the compiler that built sumbench.
    pub rustc_version: String,
    /// Operating system and architecture, e.g. `linux x86_64`.
    pub os: String,
    /// sumbench's own version.
    pub sumbench_version: String,
    /// When the measurement was taken, RFC 3339 in UTC.
    pub date: String,
}

impl MachineInfo {
    /// Describes this machine, now.
    pub fn current() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        Self {
            cpu_model: field(&cpuinfo, "model name").unwrap_or_else(|| "unknown".to_owned()),
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            memory_bytes: field(&meminfo, "MemTotal")
                .and_then(|v| v.trim_end_matches(" kB").trim().parse::<u64>().ok())
                .map_or(0, |kib| kib * 1024),
            rustc_version: env!("SUMBENCH_RUSTC_VERSION").to_owned(),
            os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
            sumbench_version: env!("CARGO_PKG_VERSION").to_owned(),
            date: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }

    /// One line for report headers.
    pub fn summary(&self) -> String {
        format!(
            "{}, {} cores, {} RAM, {}, {}, {}",
            self.cpu_model,
            self.cores,
            sumbench_page::units::bytes_human(self.memory_bytes),
            self.os,
            self.rustc_version,
            self.date
        )
    }
}

/// The value of the first `key: value` line of a procfs text.
fn field(text: &str, key: &str) -> Option<String> {
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().to_owned())
}

#[cfg(test)]
mod tests;
