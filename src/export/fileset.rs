//! Writing one run's files so that a reader sees one run's set, never a mix of two, and
//! never touching anything outside the directory the set is committed to.
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
//!    of the file it replaces (0644 for a new one, where `tempfile` would give 0600). If
//!    any of them cannot be written (a full disk), the ones already written are removed
//!    and nothing is replaced.
//! 3. **A journal, then the renames.** The list of renames is written (atomically) to
//!    `.sumbench-journal` before the first rename and removed after the last. Its entries
//!    are paths *relative to the journal's own directory*, so the journal means the same
//!    whatever the working directory of the run that reads it. A process killed between two
//!    renames leaves the journal behind; the next commit into the directory, before
//!    anything else, finishes those renames (every temporary file was complete before the
//!    journal existed), so the killed run's set is completed rather than left mixed.
//! 4. **A journal is trusted only as far as it can be checked.** An entry is completed only
//!    if both of its paths stay inside the directory (plain names, no `..`, no absolute
//!    path, no symbolic link on the way), the source is a regular `.sumbench-tmp-*` file
//!    beside the target, and the target is a report file (see [`OWNED_EXTENSIONS`]). Any
//!    other entry, or one whose rename fails, is dropped, and the journal is discarded with
//!    one warning on stderr: a journal that cannot be completed never blocks later commits.
//! 5. **Stale temporaries are removed**: any `.sumbench-tmp-*` regular file that no journal
//!    names is the remains of a run killed while writing, and is deleted.
//! 6. **Symbolic links are never followed.** A commit refuses a directory, or a directory on
//!    the way to a file, that is a symbolic link: sumbench did not make it and does not write
//!    through it. A file that is a link is replaced by the rename (the link, not what it
//!    points to). Removing files ([`FileSet::prune`]) removes only regular files that the
//!    previous commit into that folder listed in its manifest, `.sumbench-manifest`.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};

use anyhow::Context;
use tempfile::TempPath;

/// The prefix of every temporary file a commit writes.
pub const TEMP_PREFIX: &str = ".sumbench-tmp-";
/// The journal of renames in progress, in the committed directory.
pub const JOURNAL: &str = ".sumbench-journal";
/// The list of files the last commit wrote into a pruned folder, in that folder: what a
/// later [`FileSet::prune`] may remove there, and nothing else.
pub const MANIFEST: &str = ".sumbench-manifest";
/// The kinds of file a set writes, by extension: a journal entry that would rename over
/// anything else names a file no set owns, and is refused.
pub const OWNED_EXTENSIONS: [&str; 5] = ["json", "md", "svg", "csv", "html"];
/// Set to a number k, a commit aborts the process after k renames: the fault the journal
/// exists for, so that the tests can cause it.
pub const FAULT_VAR: &str = "SUMBENCH_FAULT_AFTER_RENAMES";
/// The mode of a file that did not exist before.
const NEW_FILE_MODE: u32 = 0o644;
/// A journal or manifest longer than this is not one a commit wrote (a set has tens of files).
const JOURNAL_MAX_BYTES: u64 = 1 << 20;

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

    /// After the commit, removes from this subdirectory (relative; `"."` for the directory
    /// itself) the files that the previous commit there wrote and this one did not, so that
    /// it holds this run's files alone. Only files listed in the folder's
    /// [`MANIFEST`] are ever removed: a file sumbench did not write stays.
    pub fn prune(&mut self, relative_dir: impl Into<PathBuf>) {
        self.prune.push(relative_dir.into());
    }

    /// Writes the set into `dir` as described in the module documentation. Returns the
    /// paths written.
    pub fn commit(mut self, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
        ensure_real_dir(dir)?;
        let mut files = Vec::with_capacity(self.files.len());
        for (relative, contents) in std::mem::take(&mut self.files) {
            let relative = plain_relative(&relative)
                .filter(|r| r.file_name().is_some())
                .with_context(|| format!("{} is not a file inside the set", relative.display()))?;
            files.push((relative, contents));
        }
        // Each pruned folder gets the manifest of what this set writes into it.
        let mut pruned = Vec::with_capacity(self.prune.len());
        for folder in &self.prune {
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

        let _lock = DirLock::acquire(dir)?;
        recover(dir);
        let mut folders: Vec<PathBuf> = vec![PathBuf::new()];
        for (relative, _) in &files {
            let parent = relative.parent().unwrap_or(Path::new("")).to_path_buf();
            if !folders.contains(&parent) {
                folders.push(parent);
            }
        }
        for folder in &folders {
            real_subdir(dir, folder, Missing::Create)?;
            remove_stale_temps(&dir.join(folder));
        }
        let previous: Vec<Vec<String>> = pruned
            .iter()
            .map(|(folder, _)| read_manifest(&dir.join(folder)))
            .collect();

        // Every temporary is removed when dropped unless it was renamed: an error here
        // (a full disk) leaves nothing behind.
        let mut staged: Vec<(TempPath, PathBuf, PathBuf)> = Vec::with_capacity(files.len());
        for (relative, contents) in &files {
            let target = dir.join(relative);
            let temp = write_temp(&target, contents)
                .with_context(|| format!("cannot write {}", target.display()))?;
            let temp_relative = relative.with_file_name(temp.file_name().expect("a temp file"));
            staged.push((temp, target, temp_relative));
        }
        let journal = dir.join(JOURNAL);
        let listing: String = staged
            .iter()
            .zip(&files)
            .map(|((_, _, temp), (target, _))| {
                format!("{}\t{}\n", temp.display(), target.display())
            })
            .collect();
        let journal_temp = write_temp(&journal, listing.as_bytes())
            .with_context(|| format!("cannot write {}", journal.display()))?;
        journal_temp
            .persist(&journal)
            .with_context(|| format!("cannot write {}", journal.display()))?;

        let fault_after: Option<usize> = std::env::var(FAULT_VAR).ok().and_then(|v| v.parse().ok());
        let mut written = Vec::with_capacity(staged.len());
        let mut renames = staged.into_iter().enumerate();
        let outcome = renames.try_for_each(|(done, (temp, target, _))| {
            if fault_after == Some(done) {
                std::process::abort();
            }
            fs::rename(&temp, &target)
                .with_context(|| format!("cannot write {}", target.display()))?;
            // Renamed: nothing is left at the temporary path to remove.
            let _ = temp.keep();
            written.push(target);
            anyhow::Ok(())
        });
        // The renames that failed are not retried by a later commit: their temporaries go
        // with `renames`, and the journal with them.
        drop(renames);
        fs::remove_file(&journal)
            .with_context(|| format!("cannot remove {}", journal.display()))?;
        outcome?;

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
        written.retain(|path| path.file_name() != Some(MANIFEST.as_ref()));
        Ok(written)
    }
}

/// `relative` as plain names only (`.` dropped): `None` if it is absolute or climbs
/// with `..`.
fn plain_relative(relative: &Path) -> Option<PathBuf> {
    let mut plain = PathBuf::new();
    for component in relative.components() {
        match component {
            Component::Normal(name) => plain.push(name),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(plain)
}

/// Makes sure `dir` is a real directory, creating it (and its parents) if it is missing.
/// A symbolic link there is refused, dangling or not: sumbench writes into folders it can
/// vouch for, never through a link it did not make.
pub fn ensure_real_dir(dir: &Path) -> anyhow::Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let to =
                fs::read_link(dir).map_or_else(|_| "?".to_owned(), |t| t.display().to_string());
            let missing = if dir.exists() {
                ""
            } else {
                ", which does not exist"
            };
            anyhow::bail!(
                "{} is a symbolic link (to {to}{missing}): sumbench writes only into a real \
                 directory, never through a link; name the directory itself",
                dir.display()
            )
        }
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => anyhow::bail!(
            "{} is not a directory: a directory is expected there, for the reports",
            dir.display()
        ),
        // Missing, or below a file: creating it says which.
        Err(error)
            if matches!(
                error.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
        }
        Err(error) => Err(error).with_context(|| format!("cannot read {}", dir.display())),
    }
}

/// Fails if a folder on the way from `dir` to the file `relative` is a symbolic link or
/// not a folder; missing folders are fine (a commit creates them). For the checks made
/// before anything is measured.
pub fn check_path_inside(dir: &Path, relative: &Path) -> anyhow::Result<()> {
    let relative = plain_relative(relative)
        .with_context(|| format!("{} is not a path inside the set", relative.display()))?;
    let folders = relative.parent().unwrap_or(Path::new(""));
    real_subdir(dir, folders, Missing::Stop).map(drop)
}

/// Makes sure `dir` exists, and that its last `levels` folders (the ones sumbench owns,
/// such as `sumbench/data` in the cargo target directory) are real directories, not
/// links; the folders above them are the user's path and are created as they are.
pub fn ensure_real_dir_tail(dir: &Path, levels: usize) -> anyhow::Result<()> {
    let components: Vec<Component> = dir.components().collect();
    let split = components.len().saturating_sub(levels);
    let base: PathBuf = components[..split].iter().collect();
    let tail: PathBuf = components[split..].iter().collect();
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    fs::create_dir_all(&base).with_context(|| format!("cannot create {}", base.display()))?;
    real_subdir(&base, &tail, Missing::Create).map(drop)
}

/// Reads a file sumbench wrote before (a baseline, a pass, a report's data) as text:
/// only a regular file, opened without following a link and without waiting on a FIFO,
/// and at most `max_bytes`. `Ok(None)` when it does not exist.
pub fn read_regular(path: &Path, max_bytes: u64) -> anyhow::Result<Option<String>> {
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
    {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) if error.raw_os_error() == Some(libc::ELOOP) => anyhow::bail!(
            "{} is a symbolic link: sumbench reads only the files it wrote",
            path.display()
        ),
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    let meta = file
        .metadata()
        .with_context(|| format!("cannot read {}", path.display()))?;
    if !meta.is_file() {
        anyhow::bail!("{} is not a regular file", path.display());
    }
    if meta.len() > max_bytes {
        anyhow::bail!(
            "{} is {} bytes, more than the {max_bytes} a file of sumbench's holds",
            path.display(),
            meta.len()
        );
    }
    let mut text = String::new();
    file.take(max_bytes)
        .read_to_string(&mut text)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Some(text))
}

/// What [`real_subdir`] does on reaching a folder that is not there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Missing {
    /// Create it, and go on.
    Create,
    /// Fail, naming it.
    Fail,
    /// Stop checking: what is not there yet cannot be a link.
    Stop,
}

/// Checks that each folder of `relative` below `dir` is a real directory (no link), doing
/// what `missing` says where one is not there. Returns the full path.
fn real_subdir(dir: &Path, relative: &Path, missing: Missing) -> anyhow::Result<PathBuf> {
    let mut current = dir.to_path_buf();
    for component in relative.components() {
        current.push(component);
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => anyhow::bail!(
                "{} is a symbolic link: sumbench does not write through a link it did not \
                 make; remove it",
                current.display()
            ),
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => anyhow::bail!("{} is not a directory", current.display()),
            Err(_) if missing == Missing::Stop => break,
            Err(error)
                if missing == Missing::Create && error.kind() == std::io::ErrorKind::NotFound =>
            {
                fs::create_dir(&current)
                    .with_context(|| format!("cannot create {}", current.display()))?;
            }
            Err(error) => {
                return Err(error).with_context(|| format!("cannot read {}", current.display()));
            }
        }
    }
    Ok(current)
}

/// Finishes the renames a killed commit listed, as far as they check out (module
/// documentation, item 4), then removes the journal. Never fails: a journal that cannot be
/// completed is discarded with one warning.
fn recover(dir: &Path) {
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

/// The names the last commit listed in `folder`'s manifest; none if there is no manifest
/// (or it is not a regular file). Names that are not plain file names are ignored.
fn read_manifest(folder: &Path) -> Vec<String> {
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

/// Deletes the `.sumbench-tmp-*` regular files directly in `dir` (links and folders by that
/// name are left alone). Call it with the directory's [`DirLock`] held, so that no
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
fn write_temp(target: &Path, contents: &[u8]) -> std::io::Result<TempPath> {
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

/// An exclusive `flock` on a directory, released when dropped (or when the process dies).
pub struct DirLock {
    _held: File,
}

impl DirLock {
    /// Waits for the lock on `dir` and takes it. A symbolic link is refused
    /// (`O_NOFOLLOW`): the lock is taken on the real directory or not at all.
    pub fn acquire(dir: &Path) -> anyhow::Result<Self> {
        let file = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW)
            .open(dir)
            .with_context(|| format!("cannot open {}", dir.display()))?;
        // SAFETY: flock on a file descriptor this value owns.
        let free = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        if !free {
            // Held by another run: say so, then wait for it, rather than wait in silence.
            crate::say!(
                "waiting for another sumbench run to finish writing {}",
                dir.display()
            );
        }
        // SAFETY: flock on a file descriptor this value owns.
        let status = if free {
            0
        } else {
            unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) }
        };
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
    use std::os::unix::fs::symlink;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
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
        assert_eq!(mode(&dir.path().join("a.json")), 0o644);

        // A replaced file keeps its mode.
        fs::set_permissions(dir.path().join("a.json"), fs::Permissions::from_mode(0o640)).unwrap();
        let mut set = FileSet::new();
        set.add("a.json", "3");
        set.commit(dir.path()).unwrap();
        assert_eq!(mode(&dir.path().join("a.json")), 0o640);
    }

    #[test]
    fn a_journal_left_by_a_killed_commit_is_completed_and_strays_removed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.json"), "old a").unwrap();
        fs::write(dir.path().join("b.md"), "old b").unwrap();
        // What a commit killed after its first rename leaves: a journal naming a finished
        // rename and a pending one, relative to its folder, and an unrelated stray.
        fs::write(dir.path().join(".sumbench-tmp-pending"), "new b").unwrap();
        fs::write(dir.path().join("a.json"), "new a").unwrap();
        fs::write(
            dir.path().join(JOURNAL),
            ".sumbench-tmp-gone\ta.json\n.sumbench-tmp-pending\tb.md\n",
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
    fn journal_entries_that_leave_the_folder_or_name_foreign_files_are_refused() {
        let outer = tempfile::tempdir().unwrap();
        let dir = outer.path().join("reports");
        fs::create_dir(&dir).unwrap();
        let elsewhere = outer.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        fs::write(outer.path().join("victim.md"), "keep").unwrap();
        fs::write(dir.join("notes.txt"), "keep").unwrap();
        fs::write(elsewhere.join("latest.md"), "keep").unwrap();
        fs::write(dir.join(".sumbench-tmp-1"), "evil").unwrap();
        symlink(&elsewhere, dir.join("linked")).unwrap();
        fs::write(elsewhere.join(".sumbench-tmp-2"), "evil").unwrap();
        let absolute = outer.path().join("victim.md");
        fs::write(
            dir.join(JOURNAL),
            format!(
                ".sumbench-tmp-1\t../victim.md\n\
                 {tmp}\t{absolute}\n\
                 .sumbench-tmp-1\tnotes.txt\n\
                 linked/.sumbench-tmp-2\tlinked/latest.md\n\
                 .sumbench-tmp-1\tsub/latest.md\n\
                 garbage\n",
                tmp = dir.join(".sumbench-tmp-1").display(),
                absolute = absolute.display()
            ),
        )
        .unwrap();
        let mut set = FileSet::new();
        set.add("latest.json", "{}");
        set.commit(&dir).unwrap();
        assert_eq!(fs::read_to_string(&absolute).unwrap(), "keep");
        assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "keep");
        assert_eq!(
            fs::read_to_string(elsewhere.join("latest.md")).unwrap(),
            "keep"
        );
        // The refused temporary is a stray now, removed; the journal is gone.
        assert_eq!(names(&dir), ["latest.json", "linked", "notes.txt"]);
        // Nothing in the linked folder was touched.
        assert_eq!(names(&elsewhere), [".sumbench-tmp-2", "latest.md"]);
    }

    #[test]
    fn a_journal_that_cannot_be_completed_is_discarded_and_saving_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        // The target has become a directory: the rename fails.
        fs::create_dir(dir.path().join("latest.md")).unwrap();
        fs::write(dir.path().join(".sumbench-tmp-x"), "new").unwrap();
        fs::write(dir.path().join(JOURNAL), ".sumbench-tmp-x\tlatest.md\n").unwrap();
        for _ in 0..2 {
            let mut set = FileSet::new();
            set.add("latest.json", "{}");
            set.commit(dir.path()).unwrap();
            assert_eq!(names(dir.path()), ["latest.json", "latest.md"]);
        }
    }

    #[test]
    fn links_are_never_written_through() {
        let outer = tempfile::tempdir().unwrap();
        let real = outer.path().join("real");
        fs::create_dir(&real).unwrap();
        fs::write(real.join("keep.svg"), "keep").unwrap();

        // The committed folder itself, and a folder on the way to a file.
        let linked = outer.path().join("reports");
        symlink(&real, &linked).unwrap();
        let mut set = FileSet::new();
        set.add("a.json", "{}");
        let error = format!("{:#}", set.commit(&linked).unwrap_err());
        assert!(error.contains("symbolic link"), "{error}");

        let reports = outer.path().join("reports2");
        fs::create_dir(&reports).unwrap();
        symlink(&real, reports.join("charts")).unwrap();
        let mut set = FileSet::new();
        set.add("charts/a.svg", "<svg/>");
        set.prune("charts");
        let error = format!("{:#}", set.commit(&reports).unwrap_err());
        assert!(error.contains("symbolic link"), "{error}");
        assert_eq!(names(&real), ["keep.svg"]);

        // A dangling link is named as one.
        let dangling = outer.path().join("dangling");
        symlink(outer.path().join("missing"), &dangling).unwrap();
        let error = format!("{:#}", FileSet::new().commit(&dangling).unwrap_err());
        assert!(error.contains("does not exist"), "{error}");

        // A file that is a link is replaced, not written through.
        let file_link = reports.join("latest.json");
        symlink(real.join("keep.svg"), &file_link).unwrap();
        let mut set = FileSet::new();
        set.add("latest.json", "{}");
        set.commit(&reports).unwrap();
        assert_eq!(fs::read_to_string(real.join("keep.svg")).unwrap(), "keep");
        assert!(fs::symlink_metadata(&file_link).unwrap().is_file());
    }

    #[test]
    fn pruning_removes_only_what_the_last_commit_listed() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("t")).unwrap();
        fs::write(dir.path().join("t/users.svg"), "not ours").unwrap();
        let mut set = FileSet::new();
        set.add("t/old.svg", "old");
        set.add("t/both.svg", "1");
        set.prune("t");
        set.commit(dir.path()).unwrap();
        assert_eq!(
            names(&dir.path().join("t")),
            [MANIFEST, "both.svg", "old.svg", "users.svg"]
        );

        let mut set = FileSet::new();
        set.add("t/new.svg", "new");
        set.add("t/both.svg", "2");
        set.prune("t");
        set.commit(dir.path()).unwrap();
        assert_eq!(
            names(&dir.path().join("t")),
            [MANIFEST, "both.svg", "new.svg", "users.svg"]
        );
    }

    #[test]
    fn a_forged_manifest_removes_nothing_outside_or_through_links() {
        let outer = tempfile::tempdir().unwrap();
        let dir = outer.path().join("reports");
        fs::create_dir_all(dir.join("t")).unwrap();
        fs::write(outer.path().join("precious.svg"), "keep").unwrap();
        symlink(outer.path().join("precious.svg"), dir.join("t/link.svg")).unwrap();
        fs::write(
            dir.join("t").join(MANIFEST),
            "../../precious.svg\nlink.svg\n/etc/hostname\n",
        )
        .unwrap();
        let mut set = FileSet::new();
        set.add("t/a.svg", "a");
        set.prune("t");
        set.commit(&dir).unwrap();
        assert_eq!(
            fs::read_to_string(outer.path().join("precious.svg")).unwrap(),
            "keep"
        );
        assert!(
            fs::symlink_metadata(dir.join("t/link.svg"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn a_failed_write_leaves_no_temporaries_and_replaces_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.json"), "old").unwrap();
        fs::create_dir(dir.path().join("latest.json")).unwrap();
        let mut set = FileSet::new();
        set.add("a.json", "new");
        set.add("latest.json", "{}");
        let error = format!("{:#}", set.commit(dir.path()).unwrap_err());
        assert!(error.contains("latest.json"), "{error}");
        assert!(error.contains("is a directory"), "{error}");
        assert_eq!(names(dir.path()), ["a.json", "latest.json"]);
        assert_eq!(
            fs::read_to_string(dir.path().join("a.json")).unwrap(),
            "old"
        );
    }

    #[test]
    fn paths_that_leave_the_set_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x.json", "/tmp/x.json", ""] {
            let mut set = FileSet::new();
            set.add(bad, "x");
            assert!(set.commit(dir.path()).is_err(), "{bad}");
        }
    }
}
