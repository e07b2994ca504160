//! `mmap`: map the file and parse the mapped bytes. No heap; the pages show in RSS.

use std::fs::File;

use super::input::{DataFile, open_overhead};
use super::parse::sum_text;
use crate::strategy::{Element, Params, Strategy, SumError, Workload};
use crate::timeline::phase;

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

/// Maps `file` read-only.
pub(super) fn map(file: &DataFile) -> Result<memmap2::Mmap, SumError> {
    let io = |source| SumError::Io {
        path: file.display.clone(),
        source,
    };
    let opened = File::open(&file.path).map_err(io)?;
    // SAFETY: the mapping is only read. If another process truncated the file while it is
    // mapped, a read past the new end would raise SIGBUS: sumbench's inputs are its own
    // generated file or one the user vouches for, as with any mmap-based reader.
    unsafe { memmap2::Mmap::map(&opened) }.map_err(io)
}
