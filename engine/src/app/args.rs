//! The command-line options every comparison shares, sumbench's own and a crate's: how many
//! rounds, where the report goes, and the memory baseline and its gate. Parsed with clap;
//! the value parsers refuse bad numbers with one line.

use std::path::PathBuf;

use clap::Args;

use crate::export::Format;
use sumbench_page::units::parse_grouped;

/// How a comparison is run, reported and gated: the options of `sumbench` and of every
/// crate's own comparison ([`crate::Comparison::main`]).
#[derive(Debug, Clone, Args)]
pub struct RunOptions {
    /// Measured rounds, exactly: each takes one sample of every strategy with allocation
    /// counting off, in a shuffled order; medians, intervals and paired ratios come from
    /// them (6 or more give 95 % intervals). Then up to 6 counted calls per strategy give
    /// the memory figures [default: as many as --time allows].
    #[arg(long, value_name = "COUNT", value_parser = parse_positive::<u32>, allow_hyphen_values = true, conflicts_with = "time")]
    pub runs: Option<u32>,
    /// Seconds the measured rounds may take: their number is chosen from the warm-up
    /// rounds' pace, at least 8 (a call too long for that gets 8 and a note) [default: 3].
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, allow_hyphen_values = true)]
    pub time: Option<f64>,
    /// The smallest difference in time, in percent, that counts as one: below it two
    /// strategies are tied, even when the difference is resolved.
    #[arg(long, value_name = "PERCENT", default_value = "1", value_parser = parse_percent, allow_hyphen_values = true)]
    pub threshold: f64,
    /// Seconds a strategy may take to answer one step (its priming call, one sample, its
    /// memory step) before its worker process is stopped and the run fails naming it.
    #[arg(long, value_name = "SECONDS", default_value = "600", value_parser = parse_seconds, allow_hyphen_values = true)]
    pub timeout: f64,
    /// Where the strategies run: each in a worker process of its own (`process`: its
    /// figures are its own), or all in this one (`shared`: their allocator states mix).
    #[arg(long, value_enum, default_value_t = Isolation::Process)]
    pub isolation: Isolation,
    /// Untimed warm-up rounds before the measured ones, every strategy once per round.
    #[arg(long, value_name = "COUNT", default_value = "2", value_parser = parse_count::<u32>, allow_hyphen_values = true)]
    pub warmups: u32,
    /// Seed of the rounds' shuffled order [default: a new one each run, printed under the
    /// table].
    #[arg(long, value_name = "SEED", value_parser = parse_count::<u64>, allow_hyphen_values = true)]
    pub seed: Option<u64>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Where latest.json, latest.md and tradeoff-latest.svg are written [default:
    /// sumbench/reports in the cargo target directory, or sumbench/reports/NAME there for a
    /// comparison called NAME].
    #[arg(long, value_name = "DIR")]
    pub reports_dir: Option<PathBuf>,
    /// Do not write latest.json, latest.md and tradeoff-latest.svg.
    #[arg(long)]
    pub no_save: bool,
    /// Print nothing of the run's own on stdout: a sweep prints its sizes' reports as one.
    #[arg(skip)]
    pub quiet: bool,
    /// Save this run as the memory baseline NAME (sumbench/baselines/NAME.json in the cargo
    /// target directory).
    #[arg(long, value_name = "NAME")]
    pub save_baseline: Option<String>,
    /// Compare this run with the baseline NAME: exact Δ of peak heap, peak RSS,
    /// allocations and bytes allocated per strategy, and Δ time with its noise caveat.
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    /// With --baseline: exit with code 1 when any strategy's peak heap (or peak RSS, beyond
    /// a few pages) grew by more than PCT percent, naming each.
    #[arg(long, value_name = "PCT", requires = "baseline", value_parser = parse_percent, allow_hyphen_values = true)]
    pub max_memory_growth: Option<f64>,
}

/// Where a run's strategies are called (see [`crate::measure::worker`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Isolation {
    /// Each strategy in a worker process of its own.
    Process,
    /// All strategies in this process.
    Shared,
}

impl RunOptions {
    /// Where the strategies run: in workers started by `launch`, unless `--isolation
    /// shared`.
    pub fn workers(&self, launch: crate::measure::Launch) -> crate::measure::Workers {
        match self.isolation {
            Isolation::Process => crate::measure::Workers::Processes(launch),
            Isolation::Shared => crate::measure::Workers::Shared,
        }
    }

    /// The time budget of the measured rounds; `None` when `--runs` fixes them.
    pub fn budget(&self) -> Option<std::time::Duration> {
        match (self.runs, self.time) {
            (Some(_), _) => None,
            (None, Some(seconds)) => Some(std::time::Duration::from_secs_f64(seconds)),
            (None, None) => Some(crate::measure::DEFAULT_BUDGET),
        }
    }

    /// The reports folder: `--reports-dir`, else [`DEFAULT_REPORTS_DIR`] in the cargo
    /// target directory ([`sumbench_page::fileset::target_dir`]), where cargo and
    /// criterion keep what a build or a bench writes.
    pub fn reports_dir(&self) -> PathBuf {
        self.reports_dir
            .clone()
            .unwrap_or_else(|| sumbench_page::fileset::target_dir().join(DEFAULT_REPORTS_DIR))
    }

    /// Whether the reports go to their default folder, whose last levels are sumbench's.
    pub(crate) fn default_reports_dir(&self) -> bool {
        self.reports_dir.is_none()
    }
}

/// The reports folder inside the cargo target directory, when `--reports-dir` is not
/// given: the run's files, and each comparison's in a folder of its title's name.
pub const DEFAULT_REPORTS_DIR: &str = "sumbench/reports";

/// A whole number that fits in `T`, with `_` or `,` allowed as digit separators.
pub fn parse_count<T: TryFrom<u64>>(text: &str) -> Result<T, String> {
    let value = parse_grouped(text)
        .ok_or_else(|| format!("expected a non-negative whole number, got '{text}'"))?;
    T::try_from(value).map_err(|_| format!("{text} is too large"))
}

/// A whole number of at least 1 that fits in `T`.
pub fn parse_positive<T: TryFrom<u64>>(text: &str) -> Result<T, String> {
    match parse_count::<u64>(text)? {
        0 => Err("must be at least 1".to_owned()),
        _ => parse_count(text),
    }
}

/// A percentage: a finite number of at least 0.
pub(crate) fn parse_percent(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => Ok(value),
        _ => Err(format!("expected a percentage of at least 0, got '{text}'")),
    }
}

/// A number of seconds above 0, at most a day.
pub(crate) fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('s').parse::<f64>() {
        Ok(value) if value.is_finite() && value > 0.0 && value <= 86_400.0 => Ok(value),
        _ => Err(format!(
            "expected a number of seconds above 0 and at most 86400, got '{text}'"
        )),
    }
}
