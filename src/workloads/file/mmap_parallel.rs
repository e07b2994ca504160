//! `mmap_parallel`: the mapping split at line boundaries and parsed on every core.

use crate::workloads::input::open_overhead;
use super::mmap::map;
use crate::workloads::parse::sum_text;
use crate::workloads::strategy::{Element, Params, RAYON_SCHEDULER_BYTES, Strategy, SumError, Workload};
use sumbench::timeline::phase;

/// Pieces smaller than this are parsed on one thread: splitting further costs more in
/// scheduling than it gains.
const PIECE_BYTES: usize = 1 << 20;

/// Maps the file like `mmap`, then halves the text at the first `\n` after its middle,
/// recursively, with `rayon::join`, down to pieces of about 1 MiB, each parsed on
/// whichever core is free. No `Vec` of pieces is built: the split tree lives on the stack.
#[derive(Debug, Clone, Copy, Default)]
pub struct MmapParallel;

impl Strategy for MmapParallel {
    const WORKLOAD: Workload = Workload::File;
    const NAME: &'static str = "mmap_parallel";
    const DESCRIPTION: &'static str =
        "memory-map the file and parse pieces cut at line boundaries on all cores (rayon)";
    const PARALLEL: bool = true;

    fn heap_bound(&self, params: &Params) -> u64 {
        params.file.as_deref().map_or(0, |file| {
            open_overhead(file).saturating_add(RAYON_SCHEDULER_BYTES)
        })
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        let file = params.data_file()?;
        phase("map and parse in parallel");
        let mapping = map(file)?;
        match sum_pieces(&mapping, PIECE_BYTES) {
            Some(total) => Ok(total),
            // A bad line or an overflow: one sequential pass names the first one with
            // its line number, which the pieces do not know.
            None => sum_text(&file.display, &mapping),
        }
    }
}

/// The sum of `text`, cut into pieces of about `piece_bytes`, or `None` if any line is bad
/// or the sum overflows.
fn sum_pieces(text: &[u8], piece_bytes: usize) -> Option<u64> {
    if text.len() > piece_bytes
        && let Some(cut) = split_point(text)
    {
        let (left, right) = text.split_at(cut);
        let (left, right) = rayon::join(
            || sum_pieces(left, piece_bytes),
            || sum_pieces(right, piece_bytes),
        );
        return left?.checked_add(right?);
    }
    sum_text("", text).ok()
}

/// Where to cut `text` in two non-empty pieces at a line boundary, as near its middle as
/// the lines allow: after the first `\n` at or past the middle, or else after the last
/// one before it. `None` when no cut leaves text on both sides (one long line): then the
/// piece is parsed whole. Each cut makes both pieces strictly shorter, so the recursion
/// ends, whatever the lengths of the lines.
pub(super) fn split_point(text: &[u8]) -> Option<usize> {
    let middle = text.len() / 2;
    let after = memchr::memchr(b'\n', &text[middle..]).map(|offset| middle + offset + 1);
    let before = || memchr::memrchr(b'\n', &text[..middle]).map(|offset| offset + 1);
    after
        .filter(|&cut| cut < text.len())
        .or_else(before)
        .filter(|&cut| cut > 0 && cut < text.len())
}

#[cfg(test)]
mod tests;
