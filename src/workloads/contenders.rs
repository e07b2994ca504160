//! The built-in workloads as clients of the engine: each registered strategy becomes a
//! [`Contender`] over its parameters, and the parameters a [`Case`] whose answer is the
//! expected sum. The side-by-side run, the bench's passes, the Python comparisons and the
//! tests measure the registry through these, as a crate of its own measures its closures.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::workloads::input::DataFile;
use crate::workloads::strategy::{DynStrategy, Mode, Params, Workload};
use crate::workloads::sums::SumOverflow;
use sumbench::measure::CacheState;
use sumbench::measure::{
    About, Case, Contender, InputInfo, Launch, Progress, Repetitions, Ticks, Workers,
};

/// The size of a range strategy's priming call: it starts rayon's pool and any lazily
/// set-up static, and leaves the data caches and the allocator as cold as they were, so
/// warm-ups stay the user's choice. A file strategy primes on its file: that read is the
/// one the file's warm state comes from.
const PRIME_N: u64 = 1_000;

/// `strategy` summing `params` in `mode`, as the engine calls it.
pub fn contender<'a>(
    strategy: &'a dyn DynStrategy,
    params: &'a Params,
    mode: Mode,
) -> Contender<'a, u64> {
    let primer = match params.workload() {
        Workload::File => params.clone(),
        _ => Params::range(params.n.min(PRIME_N), params.chunk_size),
    };
    Contender::new(strategy.name(), move || Ok(strategy.run(params, mode)?))
        .describe(strategy.description())
        .parallel(strategy.parallel())
        .heap_bound(strategy.heap_bound(params))
        .primed_by(move || Ok(strategy.run(&primer, mode)?))
}

/// Every strategy of `strategies` as a contender.
pub fn contenders<'a>(
    strategies: &[&'a dyn DynStrategy],
    params: &'a Params,
    mode: Mode,
) -> Vec<Contender<'a, u64>> {
    strategies
        .iter()
        .map(|strategy| contender(*strategy, params, mode))
        .collect()
}

/// What every strategy summing `params` must answer: `n(n−1)/2` or the file's checked sum,
/// with the file checked unchanged around every call and, for [`CacheState::Cold`],
/// evicted before each measured one. Fails when the range's sum does not fit a `u64`.
pub fn case(params: &Params, mode: Mode, cache: CacheState) -> anyhow::Result<Case<'_, u64>> {
    let expected = params.expected_sum().ok_or(SumOverflow { n: params.n })?;
    let file = params.file.as_deref();
    let about = About {
        input: InputInfo {
            workload: Some(params.workload()),
            input_path: file.map(|f| f.display.clone()),
            input_bytes: file.map(|f| f.bytes),
            cache: file.map(|_| cache),
        },
        mode: Some(mode),
        n: params.n,
        chunk_size: Some(params.chunk_size),
    };
    let mut case = Case::new(about, expected).with_sum(|sum| Some(*sum));
    if let Some(file) = file {
        case = case.check_input(move || Ok(file.check_unchanged()?));
        if cache == CacheState::Cold {
            case = case.before_call(move || Ok(file.evict()?));
        }
    }
    Ok(case)
}

/// Runs built-in `strategies` on `params` in the engine's interleaved rounds
/// ([`sumbench::measure::run_all`]), each in a worker process of its own ([`launch`]).
pub fn run_builtin(
    strategies: &[&dyn DynStrategy],
    params: &Params,
    mode: Mode,
    reps: Repetitions,
    progress: &mut dyn Progress,
) -> anyhow::Result<sumbench::measure::Measured> {
    let case = case(params, mode, reps.cache)?;
    let workers = Workers::Processes(launch(strategies, params, mode, reps.cache)?);
    sumbench::measure::run_all(
        &contenders(strategies, params, mode),
        &case,
        reps,
        &workers,
        progress,
    )
}

/// Set in the environment of a built-in run's workers: the run, as JSON.
pub const RUN_ENV: &str = "SUMBENCH_BUILTIN_RUN";

/// A built-in run as its workers rebuild it: the strategies by name, and their input,
/// the checked file included, so that a worker neither reads nor generates it again
/// before it serves.
#[derive(Debug, Serialize, Deserialize)]
struct BuiltinRun {
    strategies: Vec<String>,
    n: u64,
    chunk_size: usize,
    file: Option<DataFile>,
    mode: Mode,
    cache: CacheState,
}

/// How a built-in run starts its workers: this binary, with the run in [`RUN_ENV`]. Every
/// binary that runs built-in strategies (`sumbench`, the bench) calls
/// [`serve_if_worker`] first thing in `main`.
pub fn launch(
    strategies: &[&dyn DynStrategy],
    params: &Params,
    mode: Mode,
    cache: CacheState,
) -> anyhow::Result<Launch> {
    let run = BuiltinRun {
        strategies: strategies.iter().map(|s| s.name().to_owned()).collect(),
        n: params.n,
        chunk_size: params.chunk_size,
        file: params.file.as_deref().cloned(),
        mode,
        cache,
    };
    Ok(Launch {
        program: std::env::current_exe()
            .map_err(|e| anyhow::anyhow!("cannot find this program's binary: {e}"))?,
        args: Vec::new(),
        env: vec![(RUN_ENV.into(), serde_json::to_string(&run)?.into())],
    })
}

/// In a worker of a built-in run: serves its strategy and ends the process (a run it
/// cannot rebuild ends it with one line and exit code 3). Elsewhere: `None`, at once.
pub fn serve_if_worker() -> Option<std::process::ExitCode> {
    if !sumbench::measure::worker::active() {
        return None;
    }
    let spec = std::env::var(RUN_ENV).ok()?;
    let served = (|| -> anyhow::Result<()> {
        let run: BuiltinRun = serde_json::from_str(&spec)?;
        let strategies = run
            .strategies
            .iter()
            .map(|name| {
                super::find(name).ok_or_else(|| anyhow::anyhow!("no strategy called '{name}'"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let params = Params {
            n: run.n,
            chunk_size: run.chunk_size,
            file: run.file.map(Arc::new),
        };
        let case = case(&params, run.mode, run.cache)?;
        sumbench::measure::run_all(
            &contenders(&strategies, &params, run.mode),
            &case,
            Repetitions::default(),
            &Workers::Shared,
            &mut Ticks(|| {}),
        )?;
        anyhow::bail!("it does not serve this run")
    })();
    let error = served.err()?;
    eprintln!("sumbench worker: {error:#}");
    Some(std::process::ExitCode::from(3))
}
