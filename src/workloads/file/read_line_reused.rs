//! `read_line_reused`: the generator without its per-line allocation. `read_line` into one
//! `String`, cleared and reused.

use std::io::{BufRead, BufReader, ErrorKind};

use crate::workloads::input::{LINE_BUFFER_BYTES, line_buffer_bound, open_overhead};
use crate::workloads::parse::{Summer, parse_error};
use crate::workloads::strategy::{Element, Params, Strategy, SumError, Workload};
use crate::timeline::phase;

/// Reads through a `BufReader` of 8 KiB with `read_line` into one `String` that is cleared
/// after each line: lazy like `lines`, but one allocation for the whole file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadLineReused;

impl Strategy for ReadLineReused {
    const WORKLOAD: Workload = Workload::File;
    const NAME: &'static str = "read_line_reused";
    const DESCRIPTION: &'static str =
        "BufRead::read_line into one reused String: lazy, no allocation per line";

    fn heap_bound(&self, params: &Params) -> u64 {
        params.file.as_deref().map_or(0, |file| {
            LINE_BUFFER_BYTES
                .saturating_add(line_buffer_bound(file))
                .saturating_add(open_overhead(file))
        })
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        let file = params.data_file()?;
        let io = |source| SumError::Io {
            path: file.display.clone(),
            error: source,
        };
        phase("read lines");
        let opened = file.open()?;
        let mut reader = BufReader::with_capacity(LINE_BUFFER_BYTES as usize, opened);
        let mut summer = Summer::new(&file.display);
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) => break,
                Ok(_) => {
                    let text = line.strip_suffix('\n').unwrap_or(&line);
                    summer.line(text.as_bytes())?;
                }
                Err(e) if e.kind() == ErrorKind::InvalidData => {
                    return Err(parse_error(&file.display, summer.lines_seen() + 1, b"(not UTF-8)"));
                }
                Err(e) => return Err(io(e)),
            }
        }
        Ok(summer.finish())
    }
}
