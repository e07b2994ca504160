//! JSON as sumbench writes it: pretty-printed, ending with a newline, for every file and
//! for stdout; and read back from a file of bounded size.

use std::path::Path;

use serde::Serialize;

/// `value` pretty-printed, ending with a newline: the one way every JSON file is written.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// The JSON file at `path` parsed, `None` when absent; the error names the file and
/// what it should have been.
pub fn read_if_present<T: serde::de::DeserializeOwned>(
    path: &Path,
    what: &str,
) -> anyhow::Result<Option<T>> {
    let Some(text) = crate::fileset::read_regular(path, MAX_DATA_BYTES)? else {
        return Ok(None);
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("{} is not {what}: {e}", path.display()))
}

/// The largest data file a report reads (the memory pass, the paired pass, a timeline's
/// tables): far above any real one.
pub const MAX_DATA_BYTES: u64 = 256 << 20;
