//! `mmap`: map the file and parse the mapped bytes. No heap; the pages show in RSS.

use std::sync::Once;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

use crate::workloads::input::{DataFile, open_overhead};
use crate::workloads::parse::sum_text;
use crate::workloads::strategy::{Element, Params, Strategy, SumError, Workload};
use sumbench::timeline::phase;

/// Maps the whole file read-only with `memmap2` and parses it in one pass. The text is
/// the page cache's own pages, so nothing is copied and nothing is allocated, but every
/// page read becomes resident in this process: the case where heap and RSS part ways.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mmap;

impl Strategy for Mmap {
    const WORKLOAD: Workload = Workload::File;
    const NAME: &'static str = "mmap";
    const DESCRIPTION: &'static str =
        "memory-map the file (memmap2) and parse the mapped bytes: no heap, RSS instead";

    fn heap_bound(&self, params: &Params) -> u64 {
        params.file.as_deref().map_or(0, open_overhead)
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        let file = params.data_file()?;
        phase("map and parse");
        let mapping = map(file)?;
        sum_text(&file.display, &mapping)
    }
}

/// Maps `file` read-only. While the mapping lives, a read past the end of a file that
/// another process truncated ends the process with one line naming the file (see
/// [`Mapping`]) instead of a bare SIGBUS.
pub(super) fn map(file: &DataFile) -> Result<Mapping<'_>, SumError> {
    let io = |source| SumError::Io {
        path: file.display.clone(),
        error: source,
    };
    let opened = file.open()?;
    // SAFETY: the mapping is only read. If another process truncates the file while it is
    // mapped, a read past the new end raises SIGBUS, which `Mapping` turns into a clean exit.
    let mapping = unsafe { memmap2::Mmap::map(&opened) }.map_err(io)?;
    Ok(Mapping::watch(mapping, &file.display))
}

/// A file mapping watched for SIGBUS.
///
/// A file that shrinks while mapped makes the kernel raise SIGBUS on the next read of a
/// page past its new end; by default the process dies with no word. Unwinding out of a
/// signal handler is not possible in Rust, so the handler does the one safe thing: if the
/// faulting address lies in the watched mapping, it writes one line ("error: FILE changed
/// size while mapped …") to stderr and ends the process with `_exit(1)`. Reports are saved
/// only after every call, so the previous reports stay whole. A fault anywhere else is
/// not ours: the handler restores the default action and returns, and the fault repeats
/// with the default action. One mapping is watched at a time: the strategies map one file
/// per call, and calls do not overlap. Watching allocates nothing (the file's name is
/// borrowed for as long as the mapping lives), so a mapping strategy's heap stays 0 B.
pub(super) struct Mapping<'a> {
    mapping: memmap2::Mmap,
    _name: &'a str,
}

/// The watched mapping's address and length, and the file's name, for the handler.
static WATCHED_START: AtomicUsize = AtomicUsize::new(0);
static WATCHED_LEN: AtomicUsize = AtomicUsize::new(0);
static NAME_PTR: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());
static NAME_LEN: AtomicUsize = AtomicUsize::new(0);
static INSTALL: Once = Once::new();

impl<'a> Mapping<'a> {
    fn watch(mapping: memmap2::Mmap, name: &'a str) -> Self {
        NAME_PTR.store(name.as_ptr().cast_mut(), Ordering::SeqCst);
        NAME_LEN.store(name.len(), Ordering::SeqCst);
        WATCHED_START.store(mapping.as_ptr() as usize, Ordering::SeqCst);
        WATCHED_LEN.store(mapping.len(), Ordering::SeqCst);
        INSTALL.call_once(install_handler);
        Self {
            mapping,
            _name: name,
        }
    }
}

impl Drop for Mapping<'_> {
    fn drop(&mut self) {
        // Unwatched before the mapping is unmapped and the name can go, unless a later
        // mapping (another thread's, in tests) has taken the slot since.
        if WATCHED_START.load(Ordering::SeqCst) == self.mapping.as_ptr() as usize {
            WATCHED_LEN.store(0, Ordering::SeqCst);
            NAME_LEN.store(0, Ordering::SeqCst);
        }
    }
}

impl std::ops::Deref for Mapping<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.mapping
    }
}

fn install_handler() {
    // SAFETY: a zeroed sigaction is valid; the handler only reads atomics and calls the
    // async-signal-safe write, _exit and sigaction.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigbus as *const () as usize;
        action.sa_flags = libc::SA_SIGINFO;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
    }
}

extern "C" fn on_sigbus(_signal: libc::c_int, info: *mut libc::siginfo_t, _context: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo for a SA_SIGINFO handler.
    let address = unsafe { (*info).si_addr() } as usize;
    let start = WATCHED_START.load(Ordering::SeqCst);
    let len = WATCHED_LEN.load(Ordering::SeqCst);
    if len > 0 && (start..start + len).contains(&address) {
        let name = NAME_PTR.load(Ordering::SeqCst);
        let name_len = NAME_LEN.load(Ordering::SeqCst);
        let write = |bytes: &[u8]| {
            // SAFETY: write(2) is async-signal-safe; `bytes` is valid for its length.
            unsafe { libc::write(2, bytes.as_ptr().cast(), bytes.len()) };
        };
        write(b"error: ");
        if !name.is_null() {
            // SAFETY: the name is borrowed by the watched mapping, which lives.
            write(unsafe { std::slice::from_raw_parts(name, name_len) });
        }
        write(
            b" changed size while mapped (another process truncated it during the run); \
              nothing was saved\n",
        );
        // SAFETY: _exit(2) is async-signal-safe.
        unsafe { libc::_exit(1) };
    }
    // Not in our mapping: fall back to the default action, which the repeated fault takes.
    // SAFETY: restoring the default disposition is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGBUS, libc::SIG_DFL);
    }
}

#[cfg(test)]
mod tests;
