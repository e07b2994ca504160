//! The parent's side of a worker: starting it, sending commands with a deadline, reading
//! replies, and saying in one line why a worker ended.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use anyhow::{Context, bail};

use crate::measure::runner::{Calibrated, MemoryRun, Runner, Timed};

/// Set in a worker's environment: which run and which strategy it serves,
/// `FINGERPRINT-INDEX` in a fixed width, so that every worker's environment has the same
/// size (it shifts the stack, and with it a loop's alignment).
use super::{HELLO, Launch, OK, Op, WORKER_ENV, key};

/// How long a worker may take to answer one command unless the run says otherwise.
pub(crate) const DEFAULT_DEADLINE: std::time::Duration = std::time::Duration::from_secs(600);

/// How long an idle worker may take to exit when told to.
const QUIT_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

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
    /// Whether the worker has answered every command sent: it waits for the next one.
    idle: bool,
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
            idle: false,
        };
        remote.await_hello()?;
        remote.idle = true;
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
        self.idle = false;
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
            OK => {
                self.idle = true;
                Ok(payload)
            }
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
pub(super) fn is_backtrace(line: &str) -> bool {
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
    /// Tells the worker to stop, and collects it. An idle worker gets [`QUIT_GRACE`] to
    /// exit, time that a tool tracing it (valgrind writing its profile) may need; one in
    /// the middle of a call (the run failed there) gets 100 ms. Then it is killed.
    fn drop(&mut self) {
        let mut command = [0u8; 9];
        command[0] = Op::Quit as u8;
        let _ = self.commands.write_all(&command);
        let grace = match self.idle {
            true => QUIT_GRACE,
            false => std::time::Duration::from_millis(100),
        };
        let asked = std::time::Instant::now();
        while asked.elapsed() < grace {
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
