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

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::FromRawFd;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use anyhow::{Context, bail};

use super::case::{Case, Contender};
use super::runner::{Calibrated, Local, MemoryRun, Runner, Timed};

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

/// How long a worker may take to answer one command unless the run says otherwise.
pub(crate) const DEFAULT_DEADLINE: std::time::Duration = std::time::Duration::from_secs(600);

/// Lines of a worker's standard error kept for a failure's message.
const TAIL_LINES: usize = 8;

/// A strategy in a worker process, seen from the parent.
pub(crate) struct Remote {
    name: String,
    /// How long the worker may take to answer one command.
    deadline: std::time::Duration,
    child: Child,
    commands: ChildStdin,
    replies: BufReader<ChildStdout>,
    tail: Arc<Mutex<VecDeque<String>>>,
    stderr: Option<JoinHandle<()>>,
}

impl Remote {
    /// Starts the worker serving contender `index` of the run `fingerprint`, and waits
    /// until it serves.
    pub fn start(
        launch: &Launch,
        name: &str,
        fingerprint: u64,
        index: usize,
    ) -> anyhow::Result<Self> {
        let mut child = Command::new(&launch.program)
            .args(&launch.args)
            .envs(launch.env.iter().map(|(k, v)| (k, v)))
            .env(WORKER_ENV, key(fingerprint, index))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| {
                format!(
                    "cannot start a worker process for strategy '{name}' ({})",
                    launch.program.display()
                )
            })?;
        let (Some(commands), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            bail!("the worker process for strategy '{name}' has no pipes");
        };
        let tail = Arc::new(Mutex::new(VecDeque::with_capacity(TAIL_LINES)));
        let kept = Arc::clone(&tail);
        let stderr = std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut bytes = Vec::new();
            // To the end of the stream, whatever bytes it holds: a worker whose stderr
            // is not drained would block.
            while reader
                .read_until(b'\n', &mut bytes)
                .is_ok_and(|read| read > 0)
            {
                let line = String::from_utf8_lossy(&bytes).trim_end().to_owned();
                bytes.clear();
                if is_backtrace(&line) {
                    continue;
                }
                let mut kept = kept.lock().unwrap_or_else(PoisonError::into_inner);
                if kept.len() == TAIL_LINES {
                    kept.pop_front();
                }
                kept.push_back(line.chars().take(300).collect());
            }
        });
        let mut remote = Self {
            name: name.to_owned(),
            deadline: DEFAULT_DEADLINE,
            child,
            commands,
            replies: BufReader::new(stdout),
            tail,
            stderr: Some(stderr),
        };
        remote.await_hello()?;
        Ok(remote)
    }

    /// Skips what the program printed before it served, up to [`HELLO`].
    fn await_hello(&mut self) -> anyhow::Result<()> {
        let mut seen: Vec<u8> = Vec::new();
        let mut byte = [0u8; 1];
        while !seen.ends_with(HELLO) {
            match self.replies.read(&mut byte) {
                Ok(1) => {
                    seen.push(byte[0]);
                    if seen.len() > 1 << 20 {
                        seen.drain(..seen.len() - HELLO.len());
                    }
                }
                _ => return Err(self.ended("before it started")),
            }
        }
        Ok(())
    }

    /// Sends one command and reads its reply's payload.
    fn call(&mut self, op: Op, arg: u64) -> anyhow::Result<Vec<u8>> {
        let mut command = [0u8; 9];
        command[0] = op as u8;
        command[1..].copy_from_slice(&arg.to_le_bytes());
        if self.commands.write_all(&command).is_err() {
            return Err(self.ended("while it ran"));
        }
        self.await_reply()?;
        let mut head = [0u8; 5];
        if self.replies.read_exact(&mut head).is_err() {
            return Err(self.ended("while it ran"));
        }
        let len = u32::from_le_bytes(head[1..].try_into().expect("4 bytes")) as usize;
        let mut payload = vec![0u8; len];
        if self.replies.read_exact(&mut payload).is_err() {
            return Err(self.ended("while it ran"));
        }
        match head[0] {
            OK => Ok(payload),
            _ => {
                // The worker ends after a failure; its exit is collected with it.
                let _ = self.child.wait();
                let message = String::from_utf8_lossy(&payload);
                match message.starts_with("strategy '") {
                    true => bail!("{message}"),
                    false => bail!("strategy '{}': {message}", self.name),
                }
            }
        }
    }

    /// Waits until the worker's reply starts, at most [`Remote::deadline`]; a worker that
    /// takes longer is stopped, and the run ends naming its strategy.
    fn await_reply(&mut self) -> anyhow::Result<()> {
        use std::os::fd::AsRawFd;
        if !self.replies.buffer().is_empty() {
            return Ok(());
        }
        let started = std::time::Instant::now();
        loop {
            let left = self.deadline.saturating_sub(started.elapsed());
            if left.is_zero() {
                let _ = self.child.kill();
                let _ = self.child.wait();
                bail!(
                    "strategy '{}' did not answer within {} (--timeout): its worker process was \
                     stopped",
                    self.name,
                    sumbench_page::units::duration_human(self.deadline.as_nanos() as f64)
                );
            }
            let mut poll = libc::pollfd {
                fd: self.replies.get_ref().as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            let wait_ms = left.as_millis().clamp(1, 1_000) as libc::c_int;
            // SAFETY: one valid pollfd, for the length of the call.
            let ready = unsafe { libc::poll(&mut poll, 1, wait_ms) };
            if ready > 0
                || (ready < 0
                    && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted)
            {
                // Data, the end of the pipe, or an error: the read that follows tells which.
                return Ok(());
            }
        }
    }

    /// The error for a worker that ended unasked: how it ended, and its last words.
    fn ended(&mut self, when: &str) -> anyhow::Error {
        let status = self.child.wait();
        if let Some(reader) = self.stderr.take() {
            let _ = reader.join();
        }
        let how = match status {
            Ok(status) => exit_text(status),
            Err(error) => format!("could not be waited for ({error})"),
        };
        let tail = self.tail.lock().unwrap_or_else(PoisonError::into_inner);
        let last = tail.iter().rev().find(|line| !line.trim().is_empty());
        match last {
            Some(line) => anyhow::anyhow!(
                "strategy '{}': its worker process {how} {when}; its last words: {}",
                self.name,
                line.trim()
            ),
            None => anyhow::anyhow!("strategy '{}': its worker process {how} {when}", self.name),
        }
    }
}

/// Whether `line` belongs to a backtrace, or to the note about one: not a worker's last
/// words.
fn is_backtrace(line: &str) -> bool {
    let text = line.trim_start();
    let frame = text.split_once(':').is_some_and(|(number, _)| {
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
    });
    frame
        || text.starts_with("at ")
        || text == "stack backtrace:"
        || text.starts_with("note: run with `RUST_BACKTRACE")
        || text.starts_with("note: Some details are omitted")
}

/// How a process ended, in words: "exited with code 3", "was killed by SIGKILL".
fn exit_text(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with code {code}"),
        (None, Some(signal)) => format!("was killed by {}", signal_name(signal)),
        _ => "ended".to_owned(),
    }
}

fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGABRT => "SIGABRT (an abort, or memory exhausted)",
        libc::SIGKILL => "SIGKILL (the out-of-memory killer, or a kill)",
        libc::SIGSEGV => "SIGSEGV (an invalid memory access)",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGILL => "SIGILL",
        libc::SIGTERM => "SIGTERM",
        libc::SIGINT => "SIGINT",
        _ => return format!("signal {signal}"),
    };
    name.to_owned()
}

impl Runner for Remote {
    fn name(&self) -> &str {
        &self.name
    }

    fn limit(&mut self, deadline: std::time::Duration) {
        self.deadline = deadline;
    }

    fn prime(&mut self) -> anyhow::Result<()> {
        self.call(Op::Prime, 0).map(drop)
    }

    fn calibrate(&mut self, target_ns: u64) -> anyhow::Result<Calibrated> {
        Ok(serde_json::from_slice(
            &self.call(Op::Calibrate, target_ns)?,
        )?)
    }

    fn sample(&mut self, batch: u64) -> anyhow::Result<Timed> {
        let reply = self.call(Op::Sample, batch)?;
        if reply.len() != 9 {
            bail!(
                "strategy '{}': its worker sent a malformed sample",
                self.name
            );
        }
        Ok(Timed {
            ns: u64::from_le_bytes(reply[..8].try_into().expect("8 bytes")),
            wrong: reply[8] != 0,
        })
    }

    fn memory(&mut self, pairs: usize) -> anyhow::Result<MemoryRun> {
        Ok(serde_json::from_slice(
            &self.call(Op::Memory, pairs as u64)?,
        )?)
    }
}

impl Drop for Remote {
    /// Tells the worker to stop, and collects it; one that does not stop at once (the
    /// run failed mid-call) is killed.
    fn drop(&mut self) {
        let mut command = [0u8; 9];
        command[0] = Op::Quit as u8;
        let _ = self.commands.write_all(&command);
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
        if let Some(reader) = self.stderr.take() {
            let _ = reader.join();
        }
    }
}

#[cfg(test)]
mod tests;
