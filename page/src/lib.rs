//! What sumbench's reports are written with, for the engine's reports and the
//! application's alike.
//!
//! - [`units`]: numbers for people (`12,345`, `7.63 MiB`, `45.00 ms`).
//! - [`table`]: a table with terminal, Markdown and HTML backends.
//! - [`plot`]: the style every chart shares, and errors in words.
//! - [`page`]: a report as a page of blocks, with Markdown and HTML backends.
//! - [`json`], [`csv`]: JSON as every file and stdout get it; CSV from serde rows.
//! - [`fileset`]: a set of files saved whole or not at all, never through a link, never
//!   outside its directory.

/// Writes one line to standard error, ignoring a failure: a closed or full standard error
/// must not end the program (`eprintln!` panics then), nor change its exit code.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod csv;
pub mod fileset;
pub mod json;
pub mod page;
pub mod plot;
pub mod table;
pub mod units;
