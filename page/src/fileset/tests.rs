//! The file set's tests: whole sets, killed commits and their journals, links, pruning
//! and failed writes, each on a temporary directory.

use super::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;
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

#[test]
fn atomic_write_replaces_whole_files_and_leaves_no_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latest.json");
    write_atomic(&path, b"old").unwrap();
    write_atomic(&path, b"new contents").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "a temporary file was left behind");
}

#[test]
fn atomic_write_into_a_missing_directory_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("latest.json");
    assert!(write_atomic(&path, b"x").is_err());
    assert!(!path.exists());
}
