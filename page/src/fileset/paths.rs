//! The checks on the paths of a set: plain relative names, real directories (never a
//! symbolic link) on the way to a file, and reading back a file sumbench wrote. Separate
//! from the commit because the rest of sumbench makes the same checks before it measures
//! (a baseline's folder, a report's data), without writing a set.

use std::fs::{self, OpenOptions};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;

/// `relative` as plain names only (`.` dropped): `None` if it is absolute or climbs
/// with `..`.
pub(super) fn plain_relative(relative: &Path) -> Option<PathBuf> {
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
            create_dirs(dir)
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
    create_dirs(&base)?;
    real_subdir(&base, &tail, Missing::Create).map(drop)
}

/// Creates `dir` and its missing parents. When a folder on the way is a file (or anything
/// but a folder), the error names it rather than the folder that could not be made.
fn create_dirs(dir: &Path) -> anyhow::Result<()> {
    let Err(error) = fs::create_dir_all(dir) else {
        return Ok(());
    };
    let blocking = dir.ancestors().find(|folder| {
        fs::symlink_metadata(folder).is_ok_and(|m| !m.is_dir() && !m.file_type().is_symlink())
    });
    match blocking {
        Some(file) => anyhow::bail!(
            "cannot create {}: {} is a file, where a directory is expected",
            dir.display(),
            file.display()
        ),
        None => Err(error).with_context(|| format!("cannot create {}", dir.display())),
    }
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
pub(super) enum Missing {
    /// Create it, and go on.
    Create,
    /// Fail, naming it.
    Fail,
    /// Stop checking: what is not there yet cannot be a link.
    Stop,
}

/// Checks that each folder of `relative` below `dir` is a real directory (no link), doing
/// what `missing` says where one is not there. Returns the full path.
pub(super) fn real_subdir(
    dir: &Path,
    relative: &Path,
    missing: Missing,
) -> anyhow::Result<PathBuf> {
    let mut current = dir.to_path_buf();
    for component in relative.components() {
        current.push(component);
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => anyhow::bail!(
                "{} is a symbolic link: sumbench neither reads nor writes through a link it \
                 did not make; remove it",
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
