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
//! 7. **A signal waits for the set.** From the lock to the last rename, Ctrl-C, `kill` or a
//!    closed terminal is recorded and acted on once the set is whole, with the exit status
//!    it would have given.

use std::path::{Path, PathBuf};

use anyhow::Context;
use tempfile::TempPath;

mod journal;
mod lock;
mod manifest;
mod paths;
mod signals;
mod temp;

#[cfg(test)]
mod tests;

pub use lock::DirLock;
pub use paths::{check_path_inside, ensure_real_dir, ensure_real_dir_tail, read_regular};
pub use temp::remove_stale_temps;

use paths::{Missing, plain_relative, real_subdir};

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
/// exists for, so that the tests can cause it. Read by debug builds only (the tests run the
/// debug binary); a release build ignores it.
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
        let mut files = checked(std::mem::take(&mut self.files))?;
        // Each pruned folder gets the manifest of what this set writes into it.
        let pruned = manifest::add_manifests(&self.prune, &mut files)?;

        let _lock = DirLock::acquire(dir)?;
        // Dropped after the lock is taken and before it is released: a signal that arrives
        // while the set is written acts once the set is whole.
        let _deferred = signals::Deferred::start();
        journal::recover(dir);
        prepare_folders(dir, &files)?;
        let previous: Vec<Vec<String>> = pruned
            .iter()
            .map(|(folder, _)| manifest::read_manifest(&dir.join(folder)))
            .collect();
        let staged = stage(dir, &files)?;
        let mut written = journal::rename_all(dir, staged)?;
        manifest::remove_unlisted(dir, &pruned, previous)?;
        written.retain(|path| path.file_name() != Some(MANIFEST.as_ref()));
        Ok(written)
    }
}

/// The set's files with their paths made plain (`.` dropped); an error names the first
/// that is not a file inside the set.
fn checked(files: Vec<(PathBuf, Vec<u8>)>) -> anyhow::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut plain = Vec::with_capacity(files.len());
    for (relative, contents) in files {
        let relative = plain_relative(&relative)
            .filter(|r| r.file_name().is_some())
            .with_context(|| format!("{} is not a file inside the set", relative.display()))?;
        plain.push((relative, contents));
    }
    Ok(plain)
}

/// Makes every folder the set writes into a real directory (creating what is missing), and
/// removes the stale temporaries in each. Call it with the directory's lock held.
fn prepare_folders(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> anyhow::Result<()> {
    let mut folders: Vec<PathBuf> = vec![PathBuf::new()];
    for (relative, _) in files {
        let parent = relative.parent().unwrap_or(Path::new("")).to_path_buf();
        if !folders.contains(&parent) {
            folders.push(parent);
        }
    }
    for folder in &folders {
        real_subdir(dir, folder, Missing::Create)?;
        temp::remove_stale_temps(&dir.join(folder));
    }
    Ok(())
}

/// A file written whole to its temporary, waiting for its rename.
struct Staged {
    /// The temporary, removed when dropped unless it was renamed.
    temp: TempPath,
    /// Where it goes.
    target: PathBuf,
    /// Its line of the journal: the temporary and the target, relative to the set's
    /// directory.
    entry: String,
}

/// Writes every file to a temporary beside its target. Every temporary is removed when
/// dropped unless it was renamed: an error here (a full disk) leaves nothing behind.
fn stage(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> anyhow::Result<Vec<Staged>> {
    let mut staged = Vec::with_capacity(files.len());
    for (relative, contents) in files {
        let target = dir.join(relative);
        let temp = temp::write_temp(&target, contents)
            .with_context(|| format!("cannot write {}", target.display()))?;
        let temp_relative = relative.with_file_name(temp.file_name().expect("a temp file"));
        let entry = format!("{}\t{}\n", temp_relative.display(), relative.display());
        staged.push(Staged {
            temp,
            target,
            entry,
        });
    }
    Ok(staged)
}

/// A folder name for a comparison's title: its letters and digits, lower-cased, the rest
/// turned into single dashes (`"Distinct words"` → `distinct-words`).
pub fn folder_name(title: &str) -> String {
    let mut name = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            name.extend(c.to_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    if name.is_empty() {
        "comparison".to_owned()
    } else {
        name.to_owned()
    }
}

/// Writes `contents` to `path` atomically: a [`FileSet`] of one file, so that it is
/// complete and flushed before it replaces the old one, keeps the old one's mode, and
/// leaves no temporary behind. The error names the path.
pub fn write_atomic(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let (dir, name) = match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => (
            if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            },
            name,
        ),
        _ => anyhow::bail!("cannot write {}: not a file path", path.display()),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: {} is not a directory",
            path.display(),
            dir.display()
        );
    }
    let mut set = FileSet::new();
    set.add(name, contents);
    set.commit(dir)?;
    Ok(())
}

/// Fails unless `dir` is (or can be created as) a directory a file can be created in, and
/// none of `files` in it is something other than a file. Checked before measuring, so that
/// a long run does not end in an unwritable directory. The message names the path and
/// what was expected there.
pub fn ensure_writable_dir(dir: &Path, files: &[&str]) -> anyhow::Result<()> {
    ensure_real_dir(dir)?;
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map(drop)
        .map_err(|e| anyhow::anyhow!("cannot write into {}: {e}", dir.display()))?;
    // A folder where a file of the save goes would fail the save after measuring.
    let not_a_folder = |name: &str, what: &str| {
        let path = dir.join(name);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            anyhow::bail!("{} is not a file: {what}", path.display());
        }
        Ok(())
    };
    for file in files {
        check_path_inside(dir, Path::new(file))?;
        not_a_folder(file, "the report file is written there")?;
    }
    not_a_folder(
        JOURNAL,
        "sumbench keeps the journal of a save there; remove it",
    )?;
    Ok(())
}

/// The cargo target directory, found as criterion finds it: `CARGO_TARGET_DIR` if set
/// and not empty, else the `target_directory` that `cargo metadata` gives when the program
/// runs under cargo (`cargo run`, `cargo bench` and `cargo test` set `CARGO`), else
/// `target`. Read once per process.
pub fn target_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        std::env::var_os("CARGO_TARGET_DIR")
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from)
            .or_else(metadata_target_dir)
            .unwrap_or_else(|| PathBuf::from("target"))
    })
    .clone()
}

/// `cargo metadata`'s target directory, where the program runs under cargo and the
/// current folder is in a package.
fn metadata_target_dir() -> Option<PathBuf> {
    #[derive(serde::Deserialize)]
    struct Metadata {
        target_directory: PathBuf,
    }
    let output = std::process::Command::new(std::env::var_os("CARGO")?)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let metadata: Metadata = serde_json::from_slice(&output.stdout).ok()?;
    Some(metadata.target_directory)
}
