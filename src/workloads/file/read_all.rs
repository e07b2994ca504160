//! `read_all`: the seed's list for a file. Read every byte, parse every line into a
//! `Vec<u64>`, then sum it.

use std::io::Read;
use std::hint::black_box;

use crate::workloads::input::open_overhead;
use crate::workloads::parse::{Summer, sum_text};
use crate::workloads::strategy::{ELEMENT_BYTES, Element, Params, Strategy, SumError, Workload};
use sumbench::timeline::phase;

/// Reads the file with `std::fs::read` (one buffer of exactly the file's size), counts its
/// `\n` with `memchr` to size the values' `Vec` once, parses every line into it with the
/// shared one-pass parser, and sums it. Holds the
/// whole text and every value at once: file size + 8 B per line.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadAll;

impl Strategy for ReadAll {
    const WORKLOAD: Workload = Workload::File;
    const NAME: &'static str = "read_all";
    const DESCRIPTION: &'static str =
        "read the whole file, parse every line into a Vec<u64>, then sum it (the seed's list)";

    fn heap_bound(&self, params: &Params) -> u64 {
        let Some(file) = params.file.as_deref() else {
            return 0;
        };
        let values = file.newlines.saturating_add(1).saturating_mul(ELEMENT_BYTES);
        file.bytes
            .saturating_add(values)
            .saturating_add(open_overhead(file))
    }

    fn sum<E: Element>(&self, params: &Params) -> Result<u64, SumError> {
        let file = params.data_file()?;
        phase("read");
        // As `std::fs::read` does: one buffer of the file's size, read to the end.
        let mut text = Vec::new();
        file.open()?
            .read_to_end(&mut text)
            .map_err(|source| SumError::Io {
                path: file.display.clone(),
                error: source,
            })?;
        let text = black_box(text);
        phase("parse");
        let lines = memchr::memchr_iter(b'\n', &text).count() + 1;
        let mut values = Vec::with_capacity(lines);
        Summer::new(&file.display).values_into(&text, &mut values)?;
        let values = black_box(values);
        phase("sum");
        let total = values.iter().try_fold(0u64, |sum, &v| sum.checked_add(v));
        phase("free");
        drop(values);
        match total {
            Some(total) => Ok(total),
            // The values no longer know their lines: a second pass names the one where
            // the sum overflows.
            None => sum_text(&file.display, &text),
        }
    }
}
