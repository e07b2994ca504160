//! One child process run with a time limit, its output read as it comes, and a way for a
//! signal handler to stop it.
//!
//! Three threads watch a child: one reads its standard output, one its standard error
//! (each keeps only the last [`PIPE_KEPT_BYTES`], so a program that prints without end
//! neither blocks on a full pipe nor fills our memory), and one blocks in
//! `waitid(WEXITED | WNOWAIT)` until it ends. They report on a channel, and the caller
//! waits on that channel with the time left: nothing spins, and the exit is seen the moment
//! it happens, so the wall time is not rounded up to a polling period.
//!
//! `WNOWAIT` leaves the child a zombie: only [`run`] reaps it, with `wait4`, after
//! clearing it from `RUNNING` under the same lock. So a pid that is killed, by the time
//! limit or by [`stop_children`], is always still ours: the kernel cannot give it to
//! another process before it is reaped.
//!
//! Each child leads a process group of its own, and a kill goes to the whole group: an
//! interpreter that is a script (pyenv's `python3` is one) or that starts helpers leaves
//! none of them running. Being out of the terminal's foreground group, children do not get
//! the terminal's Ctrl-C themselves; the `sumbench python` command's handler stops them
//! with [`stop_children`].

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The bytes kept of each of a child's output pipes: the last ones, where an error message
/// and a program's result line are.
pub const PIPE_KEPT_BYTES: usize = 64 * 1024;

/// How a child ended, with what it printed.
pub struct Finished {
    /// Its wait status, as `wait4` gives it (decode with `libc::WIFEXITED` and the like).
    pub status: i32,
    /// Its resource usage, from `wait4`.
    pub usage: libc::rusage,
    /// Wall time from just before it was started to the moment its exit was seen.
    pub wall: Duration,
    /// The last [`PIPE_KEPT_BYTES`] of its standard output.
    pub stdout: Vec<u8>,
    /// The last [`PIPE_KEPT_BYTES`] of its standard error.
    pub stderr: Vec<u8>,
}

/// Why [`run`] has no [`Finished`] child.
#[derive(Debug)]
pub enum RunError {
    /// It could not be started.
    Spawn(std::io::Error),
    /// It was still running, or its output was still open, at the limit, so it and its
    /// process group were killed (and it was reaped).
    TimedOut,
    /// Watching or reaping it failed.
    Wait(std::io::Error),
}

/// The child being run, if any, and whether [`stop_children`] has closed the door on new
/// ones.
struct Running {
    pid: Option<libc::pid_t>,
    closed: bool,
}

static RUNNING: Mutex<Running> = Mutex::new(Running {
    pid: None,
    closed: false,
});

fn running() -> MutexGuard<'static, Running> {
    RUNNING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// For a signal handler about to end the process: kills the running child's process
/// group, waits until the child is dead (so that it no longer uses the programs' folder),
/// and lets no other child start. A thread that later starts or reaps a child waits for
/// ever instead, so that it cannot end the process first, with its own exit code, while the
/// handler is still cleaning up.
pub fn stop_children() {
    let mut running = running();
    running.closed = true;
    if let Some(pid) = running.pid {
        kill_group(pid);
        let _ = wait_exited(pid);
    }
}

/// Blocks this thread for good: the process is being ended by [`stop_children`]'s caller.
fn wait_for_the_end() -> ! {
    loop {
        std::thread::park();
    }
}

/// What the watching threads report.
enum Event {
    Stdout(Vec<u8>),
    Stderr(Vec<u8>),
    Exited(std::io::Result<Instant>),
}

/// Runs `command` (its standard input closed, its output read) until it ends, or kills it
/// and its process group when `limit` has passed since it started and it has not ended or
/// not closed its output.
pub fn run(mut command: Command, limit: Duration) -> Result<Finished, RunError> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let (events, received) = mpsc::channel();
    let (pid, start) = start(command, events)?;
    let (stdout, stderr, exited) = watch(pid, start.checked_add(limit), &received)?;
    let (status, usage) = reap(pid).map_err(RunError::Wait)?;
    Ok(Finished {
        status,
        usage,
        wall: exited.duration_since(start),
        stdout,
        stderr,
    })
}

/// Spawns `command` as the running child, and the threads that read its pipes and wait for
/// its exit, reporting on `events`. Returns its pid and the instant just before it started.
fn start(
    mut command: Command,
    events: mpsc::Sender<Event>,
) -> Result<(libc::pid_t, Instant), RunError> {
    let mut running = running();
    if running.closed {
        drop(running);
        wait_for_the_end();
    }
    let start = Instant::now();
    let mut child = command.spawn().map_err(RunError::Spawn)?;
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits in pid_t");
    running.pid = Some(pid);
    drop(running);
    let (out, err) = (child.stdout.take(), child.stderr.take());
    let watchers = || -> std::io::Result<()> {
        spawn_reader(out, events.clone(), Event::Stdout)?;
        spawn_reader(err, events.clone(), Event::Stderr)?;
        let events = events.clone();
        std::thread::Builder::new()
            .name("child exit".to_owned())
            .spawn(move || events.send(Event::Exited(wait_exited(pid).map(|()| Instant::now()))))?;
        Ok(())
    };
    if let Err(error) = watchers() {
        kill_group(pid);
        let _ = reap(pid);
        return Err(RunError::Wait(error));
    }
    Ok((pid, start))
}

/// Waits on `received` until the child `pid` has exited and closed both pipes, or kills its
/// group at `deadline` (none: no limit). Returns what it printed on each pipe and when its
/// exit was seen; on an error, the child is already reaped.
fn watch(
    pid: libc::pid_t,
    deadline: Option<Instant>,
    received: &mpsc::Receiver<Event>,
) -> Result<(Vec<u8>, Vec<u8>, Instant), RunError> {
    let (mut stdout, mut stderr, mut exited) = (None, None, None);
    while stdout.is_none() || stderr.is_none() || exited.is_none() {
        let event = match deadline {
            Some(deadline) => {
                received.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            }
            None => received.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match event {
            Ok(Event::Stdout(bytes)) => stdout = Some(bytes),
            Ok(Event::Stderr(bytes)) => stderr = Some(bytes),
            Ok(Event::Exited(Ok(at))) => exited = Some(at),
            Ok(Event::Exited(Err(error))) => {
                kill_group(pid);
                let _ = reap(pid);
                return Err(RunError::Wait(error));
            }
            Err(RecvTimeoutError::Timeout) => {
                kill_group(pid);
                // Whatever still holds the pipes open is killed with the group; a process
                // that left the group is not waited for (its readers end with the pipe).
                if exited.is_none() {
                    wait_exited(pid).map_err(RunError::Wait)?;
                }
                reap(pid).map_err(RunError::Wait)?;
                return Err(RunError::TimedOut);
            }
            Err(RecvTimeoutError::Disconnected) => {
                // Only a watcher that panicked ends without reporting.
                kill_group(pid);
                let _ = reap(pid);
                return Err(RunError::Wait(std::io::Error::other(
                    "a thread watching the child ended without reporting",
                )));
            }
        }
    }
    Ok((
        stdout.unwrap_or_default(),
        stderr.unwrap_or_default(),
        exited.unwrap_or_else(Instant::now),
    ))
}

/// Starts a thread that reads `pipe` with [`read_tail`] and sends what it kept, wrapped by
/// `event`; with no pipe, sends an empty one at once.
fn spawn_reader<R: Read + Send + 'static>(
    pipe: Option<R>,
    events: mpsc::Sender<Event>,
    event: fn(Vec<u8>) -> Event,
) -> std::io::Result<()> {
    let Some(pipe) = pipe else {
        let _ = events.send(event(Vec::new()));
        return Ok(());
    };
    std::thread::Builder::new()
        .name("child output".to_owned())
        .spawn(move || events.send(event(read_tail(pipe))))?;
    Ok(())
}

/// Reads `pipe` to its end, keeping its last [`PIPE_KEPT_BYTES`]. A read error ends the
/// reading with what was read.
fn read_tail(mut pipe: impl Read) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buffer = [0; 8192];
    loop {
        match pipe.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => {
                kept.extend_from_slice(&buffer[..read]);
                // Trimmed at twice the size kept, so that each byte is moved at most once.
                if kept.len() > 2 * PIPE_KEPT_BYTES {
                    kept.drain(..kept.len() - PIPE_KEPT_BYTES);
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    if kept.len() > PIPE_KEPT_BYTES {
        kept.drain(..kept.len() - PIPE_KEPT_BYTES);
    }
    kept
}

/// Sends SIGKILL to the process group that `pid` leads.
fn kill_group(pid: libc::pid_t) {
    // SAFETY: kill has no memory effects; `pid` is our unreaped child, so its group is ours.
    unsafe {
        libc::kill(-pid, libc::SIGKILL);
    }
}

/// Waits until the child `pid` has ended, leaving it to be reaped.
fn wait_exited(pid: libc::pid_t) -> std::io::Result<()> {
    let id = libc::id_t::try_from(pid).map_err(std::io::Error::other)?;
    loop {
        // SAFETY: `siginfo_t` is plain old data; the kernel fills it.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: a valid pointer to a siginfo_t the call writes.
        let waited =
            unsafe { libc::waitid(libc::P_PID, id, &mut info, libc::WEXITED | libc::WNOWAIT) };
        if waited == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// Reaps the ended child `pid`, after taking it out of [`RUNNING`] under the same lock.
fn reap(pid: libc::pid_t) -> std::io::Result<(i32, libc::rusage)> {
    let mut running = running();
    if running.closed {
        drop(running);
        wait_for_the_end();
    }
    running.pid = None;
    wait4(pid)
}

/// Waits for the child `pid` and returns its wait status and resource usage.
fn wait4(pid: libc::pid_t) -> std::io::Result<(i32, libc::rusage)> {
    let mut status = 0;
    // SAFETY: `rusage` is plain old data; the kernel fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to a status and a rusage the call writes.
        let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if waited == pid {
            return Ok((status, usage));
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// A wait status for people: "exit code N" or "killed by signal N".
pub fn describe_status(status: i32) -> String {
    if libc::WIFEXITED(status) {
        format!("exit code {}", libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        format!("killed by signal {}", libc::WTERMSIG(status))
    } else {
        format!("wait status {status}")
    }
}

#[cfg(test)]
mod tests;
