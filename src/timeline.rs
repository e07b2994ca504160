//! Memory over time: every change of live heap bytes, recorded by the counting allocator.

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a recording is active; read on every change of live bytes.
static RECORDING: AtomicBool = AtomicBool::new(false);

/// Called by the allocator after each change of live bytes; one relaxed load when idle.
#[inline]
pub(crate) fn on_live_change(_live: usize) {
    if RECORDING.load(Ordering::Relaxed) {}
}

/// Marks the start of a named phase of the running strategy ("collect", "sum"). Free when
/// no timeline is being recorded: one relaxed atomic load.
#[inline]
pub fn phase(_name: &'static str) {
    if RECORDING.load(Ordering::Relaxed) {}
}
