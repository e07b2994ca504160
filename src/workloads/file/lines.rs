//! `lines`: the seed's generator for a file. `BufRead::lines()`, one new `String` per line.

use std::io::{BufRead, BufReader, ErrorKind};

use crate::workloads::input::{LINE_BUFFER_BYTES, line_buffer_bound, open_overhead};
use crate::workloads::parse::{Summer, parse_error};
use crate::workloads::strategy::{Element, Params, Strategy, SumError, Workload};
use crate::timeline::phase;

/// Reads through a `BufReader` of 8 KiB and sums `lines()`: the idiomatic first attempt.
/// Each line is a fresh `String`, allocated and freed, so it holds little but allocates
/// once per line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lines;

impl Strategy for Lines {
    const WORKLOAD: Workload = Workload::File;
    const NAME: &'static str = "lines";
    const DESCRIPTION: &'static str =
        "BufRead::lines(), one new String per line (the seed's generator)";

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
        let reader = BufReader::with_capacity(LINE_BUFFER_BYTES as usize, opened);
        let mut summer = Summer::new(&file.display);
        for line in reader.lines() {
            match line {
                Ok(line) => summer.line(line.as_bytes())?,
                Err(e) if e.kind() == ErrorKind::InvalidData => {
                    return Err(parse_error(&file.display, summer.lines_seen() + 1, b"(not UTF-8)"));
                }
                Err(e) => return Err(io(e)),
            }
        }
        Ok(summer.finish())
    }
}
