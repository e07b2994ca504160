//! The reference reader: [`DataFile::inspect`] reads the user's file once, before anything
//! is measured, with std's `read_until` and `str::parse` (none of the strategies' code),
//! checks every line and computes the sum every strategy must return. Apart from the
//! strategies' parser on purpose: it is what they are checked against.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::identity::not_regular;
use super::{DataFile, FileIdentity, InputError, MAX_LINE_BYTES};
use crate::workloads::parse::parse_error;
use crate::workloads::sums::SumError;

impl DataFile {
    /// Opens the user's file and reads it once with the reference reader. Only a regular
    /// file is read: a FIFO, a device or a socket is refused from its `stat`, before any
    /// `open` could block or read for ever.
    pub fn inspect(path: &Path) -> Result<Self, InputError> {
        let display = path.display().to_string();
        let (opened, identity) = open_regular(path, &display)?;
        let mut file = DataFile {
            path: path.to_owned(),
            display,
            bytes: 0,
            newlines: 0,
            values: 0,
            longest_line: 0,
            sum: 0,
            generated: false,
            identity: Some(identity),
        };
        file.read_lines(BufReader::new(opened))?;
        // Written to while being read: the sum above is of no one version of the file.
        file.check_unchanged()?;
        Ok(file)
    }

    /// Reads every line of `reader`, none longer than [`MAX_LINE_BYTES`], into the counts
    /// and the sum.
    fn read_lines(&mut self, mut reader: BufReader<File>) -> Result<(), InputError> {
        let mut line = Vec::new();
        let mut number = 0;
        loop {
            line.clear();
            let read = (&mut reader)
                .take(MAX_LINE_BYTES + 1)
                .read_until(b'\n', &mut line)
                .map_err(|error| SumError::Io {
                    path: self.display.clone(),
                    error,
                })?;
            if read == 0 {
                return Ok(());
            }
            if read as u64 > MAX_LINE_BYTES {
                return Err(InputError::LineTooLong {
                    path: self.display.clone(),
                    line: number + 1,
                });
            }
            number += 1;
            self.bytes += read as u64;
            self.longest_line = self.longest_line.max(read as u64);
            self.add_line(number, &line)?;
        }
    }

    /// Counts line `number`, `line` with its ending, and adds its value, if it is not
    /// blank.
    fn add_line(&mut self, number: u64, line: &[u8]) -> Result<(), InputError> {
        let mut text = line;
        if let Some(rest) = text.strip_suffix(b"\n") {
            self.newlines += 1;
            text = rest;
        }
        let line_text = text;
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if text.is_empty() {
            return Ok(());
        }
        let value = std::str::from_utf8(text)
            .ok()
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse::<u64>().ok())
            .ok_or_else(|| parse_error(&self.display, number, line_text))?;
        self.values += 1;
        self.sum = self.sum.checked_add(value).ok_or(SumError::Overflow {
            path: self.display.clone(),
            line: number,
        })?;
        Ok(())
    }
}

/// Opens `path` for the reference reader if it is a regular file, with its identity.
fn open_regular(path: &Path, display: &str) -> Result<(File, FileIdentity), InputError> {
    let io = |source| SumError::Io {
        path: display.to_owned(),
        error: source,
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    not_regular(display, &metadata)?;
    // O_NONBLOCK: should the path have become a FIFO since the stat, the open does not
    // wait for a writer; the descriptor's own stat below refuses it.
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(io)?;
    let metadata = opened.metadata().map_err(io)?;
    not_regular(display, &metadata)?;
    Ok((opened, FileIdentity::of(&metadata)))
}
