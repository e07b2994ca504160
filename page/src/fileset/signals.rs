//! Signals that would end the process are held back while a set is committed, so that a
//! save is whole or not made whatever arrives (Ctrl-C, `kill`, a closed terminal).

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The catchable signals whose default action ends the process. A signal that is ignored
/// when the commit starts stays ignored.
const DEFERRED: [libc::c_int; 8] = [
    libc::SIGHUP,
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGTERM,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
    libc::SIGPIPE,
];

/// The first deferred signal that arrived, or 0.
static PENDING: AtomicI32 = AtomicI32::new(0);
/// One deferral at a time: the saved actions are those from before any commit.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Records a signal for later. Async-signal-safe: one atomic operation.
extern "C" fn record(signal: libc::c_int) {
    let _ = PENDING.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
}

/// While alive, the signals of [`DEFERRED`] are recorded instead of acted on, in whichever
/// thread they arrive. Dropped, it puts the previous actions back and then raises the first
/// signal that arrived, so the process ends with the status that signal gives.
///
/// # Implementation
/// A handler, not a signal mask: a mask is per thread, and a progress bar's thread or any
/// other would still take the signal and end the process mid-commit.
pub(super) struct Deferred {
    previous: Vec<(libc::c_int, libc::sigaction)>,
    _one: MutexGuard<'static, ()>,
}

impl Deferred {
    /// Starts deferring.
    pub(super) fn start() -> Self {
        let one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        PENDING.store(0, Ordering::SeqCst);
        let mut previous = Vec::with_capacity(DEFERRED.len());
        for signal in DEFERRED {
            // SAFETY: zeroed sigaction values are valid for sigaction(2) to read or fill.
            let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
            let mut new: libc::sigaction = unsafe { std::mem::zeroed() };
            new.sa_sigaction = record as extern "C" fn(libc::c_int) as libc::sighandler_t;
            new.sa_flags = libc::SA_RESTART;
            // SAFETY: `new.sa_mask` is a valid sigset_t to empty.
            unsafe { libc::sigemptyset(&mut new.sa_mask) };
            // SAFETY: reading the current action into a valid sigaction.
            if unsafe { libc::sigaction(signal, std::ptr::null(), &mut old) } != 0
                || old.sa_sigaction == libc::SIG_IGN
            {
                continue;
            }
            // SAFETY: `record` is async-signal-safe; `old` receives the action replaced.
            if unsafe { libc::sigaction(signal, &new, &mut old) } == 0 {
                previous.push((signal, old));
            }
        }
        Self {
            previous,
            _one: one,
        }
    }
}

impl Drop for Deferred {
    fn drop(&mut self) {
        for (signal, old) in &self.previous {
            // SAFETY: `old` is the action sigaction(2) returned for this signal.
            unsafe { libc::sigaction(*signal, old, std::ptr::null_mut()) };
        }
        let signal = PENDING.swap(0, Ordering::SeqCst);
        if signal != 0 {
            // SAFETY: raising a signal whose previous action is back in place.
            unsafe { libc::raise(signal) };
        }
    }
}
