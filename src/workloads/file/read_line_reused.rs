//! `read_line_reused`: the generator without its per-line allocation. `read_line` into one
//! `String`, cleared and reused.

use std::io::BufRead;

use crate::workloads::input::line_reader_heap;
use crate::workloads::parse::Summer;
use crate::workloads::strategy::{Element, Params, Strategy, SumError, Workload};
use sumbench::timeline::phase;

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
        params.file.as_deref().map_or(0, line_reader_heap)
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        let file = params.data_file()?;
        phase("read lines");
        let mut reader = file.line_reader()?;
        let mut summer = Summer::new(&file.display);
        let mut line = String::new();
        loop {
            line.clear();
            let read = reader
                .read_line(&mut line)
                .map_err(|e| file.line_read_error(summer.lines_seen() + 1, e))?;
            if read == 0 {
                break;
            }
            let text = line.strip_suffix('\n').unwrap_or(&line);
            summer.line(text.as_bytes())?;
        }
        Ok(summer.finish())
    }
}
