//! The criterion path of a comparison: criterion times the strategies, then the
//! comparison measures their memory and writes its report.

#[cfg(feature = "criterion")]
use std::fmt::Debug;

#[cfg(feature = "criterion")]
use clap::Parser;

#[cfg(feature = "criterion")]
use super::{Comparison, ComparisonArgs};
#[cfg(feature = "criterion")]
use crate::measure::Launch;

#[cfg(feature = "criterion")]
impl<'a, I: ?Sized + Sync, O: PartialEq + Debug + 'a> Comparison<'a, I, O> {
    /// The criterion path: times every strategy with criterion, in a group named after the
    /// comparison (allocation counting off, as in every timed call of sumbench), then runs
    /// the comparison as [`Comparison::main`] does with the default options, for the exact
    /// memory figures, the paired verdict and the report in `reports/`. When criterion only
    /// checks or lists the benches (`cargo bench -- --test`), only criterion runs. A filter
    /// (`cargo bench -- NAME`) chooses the strategies of both: those criterion ran, and
    /// none, with nothing saved, when it ran none.
    ///
    /// A failure (a wrong answer, a strategy's error, a report folder that cannot be
    /// written) ends the bench with its one-line message and a non-zero exit code.
    pub fn bench(self, criterion: &mut criterion::Criterion) {
        let mut args = ComparisonArgs::parse_from(["bench"]);
        if crate::measure::worker::active() {
            // The strategies the parent chose, so that the worker's comparison is its own.
            if let Some(chosen) = std::env::var_os(CHOSEN_VAR) {
                args.strategies = chosen
                    .to_string_lossy()
                    .lines()
                    .map(str::to_owned)
                    .collect();
            }
            if let Err(failure) = self.run_with(&args, Launch::this_command) {
                std::process::exit(i32::from(failure.report()));
            }
            return;
        }
        // criterion's filter (`cargo bench -- NAME`) chooses the strategies of both passes:
        // the ones whose function criterion ran.
        let mut group = criterion.benchmark_group(&self.title);
        for contender in &self.contenders {
            let mut ran = false;
            group.bench_function(contender.name(), |bencher| {
                ran = true;
                bencher.iter(|| crate::measure::alloc::uncounted(|| contender.call()))
            });
            if ran {
                args.strategies.push(contender.name().to_owned());
            }
        }
        group.finish();
        if only_checking() || args.strategies.is_empty() {
            return;
        }
        // A worker serves its strategy, and criterion's own benches are not run again.
        let chosen = args.strategies.join("\n");
        let launch = || {
            Launch::this_command().map(|launch| Launch {
                args: vec!["--bench".into(), WORKER_FILTER.into()],
                env: [launch.env, vec![(CHOSEN_VAR.into(), chosen.into())]].concat(),
                ..launch
            })
        };
        if let Err(failure) = self.run_with(&args, launch) {
            std::process::exit(i32::from(failure.report()));
        }
    }
}

/// The strategies a bench's worker compares, one name a line: the ones criterion's filter
/// chose in the parent. A name holds no control character, so a line is one name.
#[cfg(feature = "criterion")]
const CHOSEN_VAR: &str = "SUMBENCH_BENCH_STRATEGIES";

/// The filter a bench's worker is started with: it matches no benchmark's name, so that
/// criterion runs none of the bench's other benches again in the worker.
#[cfg(feature = "criterion")]
const WORKER_FILTER: &str = "^sumbench-worker: no bench$";

/// Whether criterion does anything but measure: `cargo bench -- --test`, `--list`,
/// `--profile-time`, or `cargo test --benches` (no `--bench` argument, which criterion
/// takes as its test mode). Then nothing of sumbench's is measured or saved.
pub fn only_checking() -> bool {
    checks_only(std::env::args())
}

/// [`only_checking`] for the arguments `args`.
pub(super) fn checks_only(args: impl Iterator<Item = String>) -> bool {
    let mut bench = false;
    for arg in args {
        match arg.as_str() {
            "--test" | "--list" | "--profile-time" => return true,
            "--bench" => bench = true,
            _ => {}
        }
    }
    !bench
}
