//! CSV from serde rows: every CSV sumbench writes is a `#[derive(Serialize)]` row per line,
//! its header the row's field names, every figure in base units (ns, bytes).

use serde::{Serialize, Serializer};

/// `rows` as CSV: a header row from the first row's field names, then one line a row. A
/// row may be a tuple of structs: their fields follow one another.
pub fn write<R: Serialize>(rows: impl IntoIterator<Item = R>) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row)?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// A figure written with `D` decimals, as `{:.D}` does.
#[derive(Debug, Clone, Copy)]
pub struct Decimals<const D: usize>(pub f64);

impl<const D: usize> Serialize for Decimals<D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{:.*}", D, self.0))
    }
}

/// A list in one cell, its items joined with " | " (`serialize_with`).
pub fn joined<S: Serializer>(items: &&[String], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&items.join(" | "))
}
