//! `chunked`: the seed's chunks for a file. A fixed buffer of `--chunk-size` bytes, parsed
//! in place, with a line cut by the buffer's end carried over to the next read.

use std::io::{ErrorKind, Read};

use crate::workloads::input::open_overhead;
use crate::workloads::parse::Summer;
use crate::workloads::strategy::{Element, Params, Strategy, SumError, Workload};
use sumbench::timeline::phase;

/// Reads `chunk_size` bytes at a time into one buffer and parses the complete lines
/// straight from it; the bytes after the last `\n` move to the front and the next read
/// appends to them. A line longer than the buffer doubles it, so any file is read, and
/// the heap stays one buffer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Chunked;

impl Strategy for Chunked {
    const WORKLOAD: Workload = Workload::File;
    const NAME: &'static str = "chunked";
    const DESCRIPTION: &'static str =
        "read chunk_size bytes at a time into one buffer, parse in place (the seed's chunks)";
    const CHUNKED: bool = true;

    fn heap_bound(&self, params: &Params) -> u64 {
        let Some(file) = params.file.as_deref() else {
            return 0;
        };
        // Doubling from chunk_size stops below twice the longest line.
        let buffer = (params.chunk_size as u64).max(file.longest_line.saturating_mul(2));
        buffer.saturating_add(open_overhead(file))
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        let file = params.data_file()?;
        let io = |source| SumError::Io {
            path: file.display.clone(),
            error: source,
        };
        phase("read chunks");
        let mut opened = file.open()?;
        let mut buffer = vec![0u8; params.chunk_size.max(1)];
        let mut summer = Summer::new(&file.display);
        // Bytes at the front of `buffer`: the start of a line the last read cut.
        let mut carried = 0;
        loop {
            if carried == buffer.len() {
                buffer.resize(buffer.len() * 2, 0);
            }
            let read = match opened.read(&mut buffer[carried..]) {
                Ok(read) => read,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(io(e)),
            };
            if read == 0 {
                summer.lines(&buffer[..carried])?;
                break;
            }
            let end = carried + read;
            match memchr::memrchr(b'\n', &buffer[carried..end]) {
                Some(last) => {
                    let cut = carried + last + 1;
                    summer.lines(&buffer[..cut])?;
                    buffer.copy_within(cut..end, 0);
                    carried = end - cut;
                }
                None => carried = end,
            }
        }
        Ok(summer.finish())
    }
}
