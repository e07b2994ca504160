//! The manifest of a pruned folder, `.sumbench-manifest`: the names the last commit wrote
//! there, and so the only files a later [`FileSet::prune`](super::FileSet::prune) may
//! remove. Separate because it is what keeps pruning from ever touching a file sumbench did
//! not write.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::paths::{plain_relative, read_regular};
use super::{JOURNAL_MAX_BYTES, MANIFEST};

/// A pruned folder, relative to the set's directory, and the names this set writes into it.
pub(super) type Pruned = (PathBuf, Vec<String>);

/// Adds to `files` the manifest of each folder in `prune`: the names of the files this set
/// writes directly into it. Returns the folders with those names.
pub(super) fn add_manifests(
    prune: &[PathBuf],
    files: &mut Vec<(PathBuf, Vec<u8>)>,
) -> anyhow::Result<Vec<Pruned>> {
    let mut pruned = Vec::with_capacity(prune.len());
    for folder in prune {
        let folder = plain_relative(folder)
            .with_context(|| format!("{} is not a folder inside the set", folder.display()))?;
        let names: Vec<String> = files
            .iter()
            .filter(|(path, _)| path.parent() == Some(folder.as_path()))
            .filter_map(|(path, _)| path.file_name()?.to_str().map(str::to_owned))
            .collect();
        let listing: String = names.iter().map(|name| format!("{name}\n")).collect();
        files.push((folder.join(MANIFEST), listing.into_bytes()));
        pruned.push((folder, names));
    }
    Ok(pruned)
}

/// Removes from each pruned folder the regular files its `previous` manifest listed and
/// this set did not write.
pub(super) fn remove_unlisted(
    dir: &Path,
    pruned: &[Pruned],
    previous: Vec<Vec<String>>,
) -> anyhow::Result<()> {
    for ((folder, names), old) in pruned.iter().zip(previous) {
        for name in old.iter().filter(|old| !names.contains(old)) {
            let path = dir.join(folder).join(name);
            // A regular file only: a link or a folder by that name is not what we wrote.
            if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
                fs::remove_file(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
            }
        }
    }
    Ok(())
}

/// The names the last commit listed in `folder`'s manifest; none if there is no manifest
/// (or it is not a regular file). Names that are not plain file names are ignored.
pub(super) fn read_manifest(folder: &Path) -> Vec<String> {
    let Ok(Some(text)) = read_regular(&folder.join(MANIFEST), JOURNAL_MAX_BYTES) else {
        return Vec::new();
    };
    text.lines()
        .filter(|name| {
            !name.is_empty()
                && *name != MANIFEST
                && plain_relative(Path::new(name)).is_some_and(|p| p.as_os_str() == *name)
                && !name.contains('/')
        })
        .map(str::to_owned)
        .collect()
}
