//! Writing one run's files so that a reader sees one run's set, never a mix of two.
//!
//! A single file is easy: write a temporary file beside it, then rename it over the old
//! one. A set of files (`latest.json` with `latest.md`, or a report's page, data and
//! charts) needs more, because no system call renames several files at once:
//!
//! 1. **One writer at a time.** The directory itself is locked (`flock`, exclusive) for the
//!    whole commit, so two runs at once write their sets one after the other, and the
//!    later one wins whole.
//! 2. **Everything written before anything is replaced.** Every file goes to a temporary
//!    `.sumbench-tmp-*` file beside its destination, is flushed to disk, and gets the mode
//!    of the file it replaces (0644 for a new one, where `tempfile` would give 0600).
//! 3. **A journal, then the renames.** The list of renames is written (atomically) to
//!    `.sumbench-journal` before the first rename and removed after the last. A process
//!    killed between two renames leaves the journal behind; the next commit into the
//!    directory, before anything else, finishes those renames (every temporary file was
//!    complete before the journal existed), so the killed run's set is completed rather
//!    than left mixed.
//! 4. **Stale temporaries are removed**: any `.sumbench-tmp-*` that no journal names is
//!    the remains of a run killed while writing, and is deleted.

use std::fs::{self, File};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The prefix of every temporary file a commit writes.
pub const TEMP_PREFIX: &str = ".sumbench-tmp-";
/// The journal of renames in progress, in the committed directory.
pub const JOURNAL: &str = ".sumbench-journal";
/// Set to a number k, a commit aborts the process after k renames: the fault the journal
/// exists for, so that the tests can cause it.
pub const FAULT_VAR: &str = "SUMBENCH_FAULT_AFTER_RENAMES";
/// The mode of a file that did not exist before.
const NEW_FILE_MODE: u32 = 0o644;

/// Files to write together into one directory, by path relative to it.
#[derive(Debug, Default)]
pub struct FileSet {
    files: Vec<(PathBuf, Vec<u8>)>,
    prune: Vec<PathBuf>,
}

impl FileSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file, by its path relative to the directory the set is committed to.
    pub fn add(&mut self, relative: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) {
        self.files.push((relative.into(), contents.into()));
    }

    /// After the commit, removes from this subdirectory (relative) every file the set did
    /// not write: the subdirectory then holds this run's files alone.
    pub fn prune(&mut self, relative_dir: impl Into<PathBuf>) {
        self.prune.push(relative_dir.into());
    }

    /// Writes the set into `dir` as described in the module documentation. Returns the
    /// paths written.
    pub fn commit(self, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let _lock = DirLock::acquire(dir)?;
        recover(dir)?;

        let mut renames = Vec::with_capacity(self.files.len());
        for (relative, contents) in &self.files {
            let target = dir.join(relative);
            let temp = write_temp(&target, contents)
                .with_context(|| format!("cannot write {}", target.display()))?;
            renames.push((temp, target));
        }
        let journal = dir.join(JOURNAL);
        let listing: String = renames
            .iter()
            .map(|(temp, target)| format!("{}\t{}\n", temp.display(), target.display()))
            .collect();
        let journal_temp = write_temp(&journal, listing.as_bytes())
            .with_context(|| format!("cannot write {}", journal.display()))?;
        fs::rename(&journal_temp, &journal)
            .with_context(|| format!("cannot write {}", journal.display()))?;

        let fault_after: Option<usize> = std::env::var(FAULT_VAR).ok().and_then(|v| v.parse().ok());
        for (done, (temp, target)) in renames.iter().enumerate() {
            if fault_after == Some(done) {
                std::process::abort();
            }
            fs::rename(temp, target)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        fs::remove_file(&journal)
            .with_context(|| format!("cannot remove {}", journal.display()))?;

        let written: Vec<PathBuf> = renames.into_iter().map(|(_, target)| target).collect();
        for relative in &self.prune {
            prune(&dir.join(relative), &written)?;
        }
        Ok(written)
    }
}

/// Finishes the renames a killed commit listed, then deletes stray temporaries.
fn recover(dir: &Path) -> anyhow::Result<()> {
    let journal = dir.join(JOURNAL);
    if let Ok(listing) = fs::read_to_string(&journal) {
        for line in listing.lines() {
            if let Some((temp, target)) = line.split_once('\t')
                && Path::new(temp).is_file()
            {
                fs::rename(temp, target).with_context(|| format!("cannot complete {target}"))?;
            }
        }
        fs::remove_file(&journal)?;
    }
    remove_stale_temps(dir)
}

/// Deletes `.sumbench-tmp-*` files in `dir` and the directories below it. Call it with
/// the directory's [`DirLock`] held, so that no temporary being written is deleted.
pub fn remove_stale_temps(dir: &Path) -> anyhow::Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            remove_stale_temps(&path)?;
        } else if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

/// Removes the files of `dir` that are not in `keep`.
fn prune(dir: &Path, keep: &[PathBuf]) -> anyhow::Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type()?.is_file() && !keep.contains(&path) {
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

/// Writes `contents` to a complete, flushed temporary file beside `target`, with the mode
/// `target` has (or 0644), and returns its path.
fn write_temp(target: &Path, contents: &[u8]) -> std::io::Result<PathBuf> {
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent)?;
    if target.is_dir() {
        return Err(std::io::Error::other(format!(
            "{} is a directory, where a file was expected",
            target.display()
        )));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(parent)?;
    temp.write_all(contents)?;
    let mode = fs::metadata(target).map_or(NEW_FILE_MODE, |m| m.permissions().mode() & 0o7777);
    temp.as_file()
        .set_permissions(fs::Permissions::from_mode(mode))?;
    temp.as_file().sync_all()?;
    let (_, path) = temp.keep().map_err(|e| e.error)?;
    Ok(path)
}

/// An exclusive `flock` on a directory, released when dropped (or when the process dies).
pub struct DirLock {
    _held: File,
}

impl DirLock {
    /// Waits for the lock on `dir` and takes it.
    pub fn acquire(dir: &Path) -> anyhow::Result<Self> {
        let file = File::open(dir).with_context(|| format!("cannot open {}", dir.display()))?;
        // SAFETY: flock on a file descriptor this value owns.
        let status = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        if status != 0 {
            return Err(std::io::Error::last_os_error())
                .with_context(|| format!("cannot lock {}", dir.display()));
        }
        Ok(Self { _held: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_set_is_written_whole_with_readable_modes_and_no_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let mut set = FileSet::new();
        set.add("a.json", "1");
        set.add("sub/b.md", "2");
        set.commit(dir.path()).unwrap();
        assert_eq!(names(dir.path()), ["a.json", "sub"]);
        assert_eq!(
            fs::read_to_string(dir.path().join("sub/b.md")).unwrap(),
            "2"
        );
        let mode = fs::metadata(dir.path().join("a.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);

        // A replaced file keeps its mode.
        fs::set_permissions(dir.path().join("a.json"), fs::Permissions::from_mode(0o640)).unwrap();
        let mut set = FileSet::new();
        set.add("a.json", "3");
        set.commit(dir.path()).unwrap();
        let mode = fs::metadata(dir.path().join("a.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn a_journal_left_by_a_killed_commit_is_completed_and_strays_removed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.json"), "old a").unwrap();
        fs::write(dir.path().join("b.md"), "old b").unwrap();
        // What a commit killed after its first rename leaves: a journal naming a finished
        // rename and a pending one, and an unrelated stray temporary.
        let pending = dir.path().join(".sumbench-tmp-pending");
        fs::write(&pending, "new b").unwrap();
        fs::write(dir.path().join("a.json"), "new a").unwrap();
        fs::write(
            dir.path().join(JOURNAL),
            format!(
                "{}\t{}\n{}\t{}\n",
                dir.path().join(".sumbench-tmp-gone").display(),
                dir.path().join("a.json").display(),
                pending.display(),
                dir.path().join("b.md").display()
            ),
        )
        .unwrap();
        fs::write(dir.path().join(".sumbench-tmp-stray"), "half").unwrap();

        let mut set = FileSet::new();
        set.add("c.csv", "c");
        set.commit(dir.path()).unwrap();
        assert_eq!(names(dir.path()), ["a.json", "b.md", "c.csv"]);
        assert_eq!(
            fs::read_to_string(dir.path().join("b.md")).unwrap(),
            "new b"
        );
    }

    #[test]
    fn pruning_leaves_only_the_set_in_a_subdirectory() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("t")).unwrap();
        fs::write(dir.path().join("t/old.svg"), "old").unwrap();
        let mut set = FileSet::new();
        set.add("t/new.svg", "new");
        set.prune("t");
        set.commit(dir.path()).unwrap();
        assert_eq!(names(&dir.path().join("t")), ["new.svg"]);
    }

    #[test]
    fn a_directory_where_a_file_belongs_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("latest.json")).unwrap();
        let mut set = FileSet::new();
        set.add("latest.json", "{}");
        let error = format!("{:#}", set.commit(dir.path()).unwrap_err());
        assert!(error.contains("latest.json"), "{error}");
        assert!(error.contains("is a directory"), "{error}");
    }
}
