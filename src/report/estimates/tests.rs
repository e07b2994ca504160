use super::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/criterion")
}

#[test]
fn reads_a_criterion_fixture() {
    let estimates = read_all(&fixtures()).unwrap();
    assert_eq!(estimates.len(), 1);
    let vec = &estimates["seed-opaque/vec/10000000"];
    assert_eq!(vec.point_ns, 46_512_345.5);
    assert_eq!(vec.lower_ns, 46_101_000.25);
    assert_eq!(vec.upper_ns, 47_002_000.75);
    assert_eq!(vec.confidence_level, 0.95);
    assert_eq!(vec.directory, "seed-opaque/vec/10000000");
}

#[test]
fn a_missing_directory_has_no_estimates() {
    assert!(
        read_all(Path::new("/nonexistent/criterion"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_broken_file_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("g/f/1/new");
    std::fs::create_dir_all(&new).unwrap();
    std::fs::write(new.join("benchmark.json"), "{}").unwrap();
    std::fs::write(new.join("estimates.json"), "{}").unwrap();
    let error = read_all(dir.path()).unwrap_err().to_string();
    assert!(error.contains("benchmark.json"), "{error}");
}
