//! The journal of renames: written before a commit's first rename and removed after its
//! last, and, when a killed commit left it behind, completed by the next one as far as its
//! entries check out (the module documentation of [`super`], items 3 and 4). Separate
//! because it is the one part of a commit that reads what another process wrote.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

#[cfg(debug_assertions)]
use super::FAULT_VAR;
use super::paths::{Missing, plain_relative, read_regular, real_subdir};
use super::temp::write_temp;
use super::{JOURNAL, JOURNAL_MAX_BYTES, MANIFEST, OWNED_EXTENSIONS, Staged, TEMP_PREFIX};

/// Writes the journal of `staged`, renames each temporary over its target, then removes
/// the journal. Returns the targets written; the first rename that fails is the error, and
/// the temporaries not yet renamed are removed with the journal.
pub(super) fn rename_all(dir: &Path, staged: Vec<Staged>) -> anyhow::Result<Vec<PathBuf>> {
    let journal = dir.join(JOURNAL);
    let listing: String = staged.iter().map(|s| s.entry.as_str()).collect();
    let journal_temp = write_temp(&journal, listing.as_bytes())
        .with_context(|| format!("cannot write {}", journal.display()))?;
    journal_temp
        .persist(&journal)
        .with_context(|| format!("cannot write {}", journal.display()))?;

    let fault_after = fault_after();
    let mut written = Vec::with_capacity(staged.len());
    let mut renames = staged.into_iter().enumerate();
    let outcome = renames.try_for_each(|(done, Staged { temp, target, .. })| {
        if fault_after == Some(done) {
            std::process::abort();
        }
        fs::rename(&temp, &target).with_context(|| format!("cannot write {}", target.display()))?;
        // Renamed: nothing is left at the temporary path to remove.
        let _ = temp.keep();
        written.push(target);
        anyhow::Ok(())
    });
    // The renames that failed are not retried by a later commit: their temporaries go
    // with `renames`, and the journal with them.
    drop(renames);
    fs::remove_file(&journal).with_context(|| format!("cannot remove {}", journal.display()))?;
    outcome?;
    Ok(written)
}

/// After how many renames [`FAULT_VAR`] asks a commit to abort the process, if it is set.
/// Compiled into debug builds only, which the tests run: a release build ignores the
/// variable.
#[cfg(debug_assertions)]
fn fault_after() -> Option<usize> {
    std::env::var(FAULT_VAR).ok().and_then(|v| v.parse().ok())
}

/// A release build injects no fault.
#[cfg(not(debug_assertions))]
fn fault_after() -> Option<usize> {
    None
}

/// Finishes the renames a killed commit listed, as far as they check out (module
/// documentation, item 4), then removes the journal. Never fails: a journal that cannot be
/// completed is discarded with one warning.
pub(super) fn recover(dir: &Path) {
    let journal = dir.join(JOURNAL);
    let problem = match read_regular(&journal, JOURNAL_MAX_BYTES) {
        Ok(None) => return,
        Err(error) => Some(format!("{error:#}")),
        Ok(Some(listing)) => {
            let refused: Vec<String> = listing
                .lines()
                .filter_map(|line| complete(dir, line).err())
                .collect();
            refused.first().map(|first| {
                format!(
                    "{} of its {} entries were not completed: {first}",
                    refused.len(),
                    listing.lines().count()
                )
            })
        }
    };
    if let Some(problem) = problem {
        crate::say!(
            "warning: discarded {}, left by a run that was stopped while saving: {problem}",
            journal.display()
        );
    }
    // The link itself, if it is one: never what it points to.
    if let Err(error) = fs::remove_file(&journal)
        && error.kind() != std::io::ErrorKind::NotFound
    {
        crate::say!("warning: cannot remove {}: {error}", journal.display());
    }
}

/// Completes one journal entry (`temporary\ttarget`, both relative to `dir`), or says why
/// it was refused. An entry whose temporary is gone was renamed before the process died.
fn complete(dir: &Path, line: &str) -> Result<(), String> {
    let (temp, target) = line
        .split_once('\t')
        .ok_or_else(|| format!("{line:?} is not an entry"))?;
    let plain = |path: &str| {
        plain_relative(Path::new(path))
            .filter(|p| p.as_os_str() == path && p.file_name().is_some())
            .ok_or_else(|| format!("{path:?} is not a plain path inside {}", dir.display()))
    };
    let (temp, target) = (plain(temp)?, plain(target)?);
    fn name(path: &Path) -> &str {
        path.file_name().and_then(|n| n.to_str()).unwrap_or("")
    }
    let owned = name(&target) == MANIFEST
        || (!name(&target).starts_with(TEMP_PREFIX)
            && target
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| OWNED_EXTENSIONS.contains(&e)));
    if !name(&temp).starts_with(TEMP_PREFIX) || temp.parent() != target.parent() || !owned {
        return Err(format!(
            "{} → {} is not a rename sumbench makes",
            temp.display(),
            target.display()
        ));
    }
    real_subdir(dir, target.parent().unwrap_or(Path::new("")), Missing::Fail)
        .map_err(|e| format!("{e:#}"))?;
    let (temp, target) = (dir.join(temp), dir.join(target));
    match fs::symlink_metadata(&temp) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Ok(meta) if meta.file_type().is_file() => {}
        _ => return Err(format!("{} is not a file sumbench wrote", temp.display())),
    }
    fs::rename(&temp, &target).map_err(|e| format!("cannot rename to {}: {e}", target.display()))
}
