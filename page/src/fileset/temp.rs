//! The temporary files of a commit, `.sumbench-tmp-*`: each written whole and flushed
//! beside its destination before anything is renamed, and the strays of a killed run
//! removed. Separate because the input file's cache writes its own temporaries the same
//! way.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use tempfile::TempPath;

use super::{NEW_FILE_MODE, TEMP_PREFIX};

/// Deletes the `.sumbench-tmp-*` regular files directly in `dir` (links and folders by that
/// name are left alone). Call it with the directory's [`DirLock`](super::DirLock) held, so that no
/// temporary being written is deleted. A file that cannot be removed is a warning: stale
/// temporaries never stop a run.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            && entry.file_type().is_ok_and(|t| t.is_file());
        if stale && let Err(error) = fs::remove_file(entry.path()) {
            crate::say!("warning: cannot remove {}: {error}", entry.path().display());
        }
    }
}

/// Writes `contents` to a complete, flushed temporary file beside `target`, with the mode
/// `target` has (or 0644), and returns its path, removed when dropped.
pub(super) fn write_temp(target: &Path, contents: &[u8]) -> std::io::Result<TempPath> {
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let existing = fs::symlink_metadata(target).ok();
    if existing.as_ref().is_some_and(fs::Metadata::is_dir) {
        return Err(std::io::Error::other(format!(
            "{} is a directory, where a file was expected",
            target.display()
        )));
    }
    let mode = existing
        .filter(|m| m.file_type().is_file())
        .map_or(NEW_FILE_MODE, |m| m.permissions().mode() & 0o7777);
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(parent)?;
    temp.write_all(contents)?;
    temp.as_file()
        .set_permissions(fs::Permissions::from_mode(mode))?;
    temp.as_file().sync_all()?;
    Ok(temp.into_temp_path())
}
