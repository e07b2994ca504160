//! One process per strategy: the parent runs the rounds, and each strategy (and the A/A
//! twin) runs in a worker process of its own, started by re-executing a binary that
//! builds the same input and reaches the same [`super::run_all`].
//!
//! Why processes: strategies in one process disturb each other through the allocator.
//! After one frees a large structure, glibc's dynamic mmap threshold and its trimming
//! serve the next one's allocations differently: a parser measured 48.9 ms alone read
//! 234 ms beside two others. In a process of its own every strategy starts from the
//! same fresh allocator and keeps its own steady state, and the kernel's figures (faults,
//! peak RSS) are its own. Re-executing rather than forking keeps threads working: a
//! fork carries no rayon pool, and an input built with rayon would leave the child with
//! a pool whose threads are gone.
//!
//! The protocol is binary and fixed-size where it is on the timed path: a command is one
//! byte and a `u64`; a sample's reply is a status byte, a length and 9 bytes. The worker
//! reads and writes through file descriptors of its own, so that nothing it does between
//! two samples allocates. Its standard output is pointed at its standard error once it
//! serves, so a strategy that prints cannot corrupt the protocol, and the parent keeps
//! the last lines of that stream to quote when a worker fails.

use std::ffi::OsString;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::os::fd::FromRawFd;
use std::path::PathBuf;

use anyhow::{Context, bail};

use super::case::{Case, Contender};
use super::runner::{Local, Runner, Timed};

/// Set in a worker's environment: which run and which strategy it serves,
/// `FINGERPRINT-INDEX` in a fixed width, so that every worker's environment has the same
/// size (it shifts the stack, and with it a loop's alignment).
pub(crate) const WORKER_ENV: &str = "SUMBENCH_WORKER";

/// Written by a worker once it serves, before anything else on the protocol.
const HELLO: &[u8] = b"\0sumbench-worker-1\n";

/// How to start a worker: a binary that, run with these arguments and `WORKER_ENV` set,
/// builds the same contenders and case and calls [`super::run_all`].
#[derive(Debug, Clone)]
pub struct Launch {
    /// The binary.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// More environment, the same for every worker of a run.
    pub env: Vec<(OsString, OsString)>,
}

impl Launch {
    /// This process's own binary with its own arguments: a program whose `main` builds
    /// its input and runs its comparison the same way every time ([`crate::Comparison`]).
    pub fn this_command() -> anyhow::Result<Self> {
        Ok(Self {
            program: std::env::current_exe().context("cannot find this program's binary")?,
            args: std::env::args_os().skip(1).collect(),
            env: Vec::new(),
        })
    }
}

/// Where the strategies of a run are called.
#[derive(Debug, Clone)]
pub enum Workers {
    /// Each in a worker process of its own (the default).
    Processes(Launch),
    /// All in this process, one after another in each round: their allocator states then
    /// mix (see the module documentation).
    Shared,
}

/// Whether this process is a worker.
pub fn active() -> bool {
    std::env::var_os(WORKER_ENV).is_some()
}

/// Identifies a run in the parent and its workers alike: the strategies' names, what the
/// case says about the input, the answer's type and, where it is a number, the answer,
/// and the case's identity (a comparison's title and expected answer).
pub(crate) fn fingerprint<O>(contenders: &[Contender<'_, O>], case: &Case<'_, O>) -> u64 {
    // SipHash with fixed keys: the same in every process of one binary.
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new();
    for contender in contenders {
        contender.name().hash(&mut hasher);
    }
    let about = &case.about;
    (about.n, about.chunk_size, about.mode, about.input.workload).hash(&mut hasher);
    (about.input.input_bytes, &about.input.input_path).hash(&mut hasher);
    (case.as_sum)(&case.expected).hash(&mut hasher);
    case.identity.hash(&mut hasher);
    std::any::type_name::<O>().hash(&mut hasher);
    hasher.finish()
}

fn key(fingerprint: u64, index: usize) -> String {
    format!("{fingerprint:016x}-{index:04}")
}

/// In a worker: the index of the contender this process serves when its run is the one
/// `fingerprint` names; `None` for another run (a program with several comparisons
/// passes the others by).
pub(crate) fn served_index(fingerprint: u64) -> Option<usize> {
    let value = std::env::var(WORKER_ENV).ok()?;
    let (print, index) = value.split_once('-')?;
    (u64::from_str_radix(print, 16).ok()? == fingerprint)
        .then(|| index.parse().ok())
        .flatten()
}

/// In a worker: the position of the contender it serves among its run's, counting the
/// A/A twin as one past the last. For a harness that builds its contenders only once it
/// knows which one a worker serves (a drop-in for another harness's API).
pub fn served_position() -> Option<usize> {
    let value = std::env::var(WORKER_ENV).ok()?;
    value.split_once('-')?.1.parse().ok()
}

/// The commands a worker serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Op {
    Prime = 1,
    Calibrate = 2,
    Sample = 3,
    Memory = 4,
    Quit = 5,
}

impl Op {
    fn of(byte: u8) -> Option<Self> {
        [Op::Prime, Op::Calibrate, Op::Sample, Op::Memory, Op::Quit]
            .into_iter()
            .find(|op| *op as u8 == byte)
    }
}

const OK: u8 = 0;
const FAILED: u8 = 1;

/// Serves `contender` to the parent until told to stop, then ends the process: exit code
/// 0, or 3 after a failure it has reported.
pub fn serve<O: PartialEq>(contender: &Contender<'_, O>, case: &Case<'_, O>) -> ! {
    // SAFETY: plain descriptor calls on this process's own standard streams. The
    // protocol gets copies of stdin and stdout; stdout then points at stderr.
    let (mut input, mut output) = unsafe {
        let _ = std::io::stdout().flush();
        let input = libc::dup(0);
        let output = libc::dup(1);
        if input < 0 || output < 0 || libc::dup2(2, 1) < 0 {
            eprintln!("sumbench worker: cannot set up its pipes");
            std::process::exit(3);
        }
        (File::from_raw_fd(input), File::from_raw_fd(output))
    };
    // A worker ends with its parent, even in the middle of a call.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with these arguments only sets this process's death signal.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
    let mut runner = Local::new(contender, case);
    let code = match serve_commands(&mut runner, &mut input, &mut output) {
        Ok(()) => 0,
        Err(error) => {
            let text = one_line(&format!("{error:#}"));
            let _ = reply(&mut output, FAILED, text.as_bytes());
            3
        }
    };
    let _ = output.flush();
    std::process::exit(code)
}

/// The loop of [`serve`]: a panic in the strategy is an error naming it.
fn serve_commands(
    runner: &mut dyn Runner,
    input: &mut File,
    output: &mut File,
) -> anyhow::Result<()> {
    output.write_all(HELLO)?;
    let mut command = [0u8; 9];
    let mut sample_reply = [0u8; 9];
    let name = runner.name().to_owned();
    loop {
        if input.read_exact(&mut command).is_err() {
            // The parent is gone: nothing more to measure.
            return Ok(());
        }
        let arg = u64::from_le_bytes(command[1..].try_into().expect("8 bytes"));
        let op = Op::of(command[0]).context("unknown command")?;
        if op == Op::Quit {
            return Ok(());
        }
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> anyhow::Result<()> {
                match op {
                    Op::Prime => {
                        runner.prime()?;
                        reply(output, OK, &[])
                    }
                    Op::Calibrate => {
                        let calibrated = runner.calibrate(arg)?;
                        reply(output, OK, &serde_json::to_vec(&calibrated)?)
                    }
                    Op::Sample => {
                        let Timed { ns, wrong } = runner.sample(arg)?;
                        sample_reply[..8].copy_from_slice(&ns.to_le_bytes());
                        sample_reply[8] = u8::from(wrong);
                        reply(output, OK, &sample_reply)
                    }
                    Op::Memory => {
                        let run = runner.memory(usize::try_from(arg).unwrap_or(usize::MAX))?;
                        reply(output, OK, &serde_json::to_vec(&run)?)
                    }
                    Op::Quit => Ok(()),
                }
            }));
        match outcome {
            Ok(result) => result?,
            Err(payload) => bail!("strategy '{name}' panicked: {}", panic_text(&*payload)),
        }
    }
}

/// `text` on one line: its lines joined with "; ", blank ones left out.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A panic's message, where it has one.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "no message".to_owned()
    }
}

/// One reply: its status, its length and its bytes, written at once.
fn reply(output: &mut File, status: u8, payload: &[u8]) -> anyhow::Result<()> {
    let mut head = [0u8; 5];
    head[0] = status;
    head[1..].copy_from_slice(&(payload.len() as u32).to_le_bytes());
    output.write_all(&head)?;
    output.write_all(payload)?;
    Ok(())
}

mod remote;

pub(crate) use remote::{DEFAULT_DEADLINE, Remote};

#[cfg(test)]
mod tests;
