//! `lines`: the seed's generator for a file. `BufRead::lines()`, one new `String` per line.

use std::io::BufRead;

use crate::workloads::input::line_reader_heap;
use crate::workloads::parse::Summer;
use crate::workloads::strategy::{Element, Params, Strategy, SumError, Workload};
use sumbench::timeline::phase;

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
        params.file.as_deref().map_or(0, line_reader_heap)
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        let file = params.data_file()?;
        phase("read lines");
        let reader = file.line_reader()?;
        let mut summer = Summer::new(&file.display);
        for line in reader.lines() {
            let line = line.map_err(|e| file.line_read_error(summer.lines_seen() + 1, e))?;
            summer.line(line.as_bytes())?;
        }
        Ok(summer.finish())
    }
}
