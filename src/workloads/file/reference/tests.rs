use super::*;

#[test]
fn every_probe_reads_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = DataFile::generated(dir.path(), 5_000).unwrap();
    let run = |name: &str| (PROBES.iter().find(|p| p.name == name).unwrap().run)(&file);
    assert_eq!(run(READ_ONLY).unwrap(), file.bytes);
    for parsed in [PLAIN, POPULATE, SEQUENTIAL, WILL_NEED] {
        assert_eq!(run(parsed).unwrap(), file.sum, "{parsed}");
    }
    // One byte per page: the first digit of the line at each 4 KiB boundary.
    let text = std::fs::read(&file.path).unwrap();
    let touched: u64 = text.iter().step_by(4096).map(|&b| u64::from(b)).sum();
    assert_eq!(run(FAULTS_ONLY).unwrap(), touched);
    assert_eq!(run(POPULATE_ONLY).unwrap(), u64::from(b'0'));
    let names: Vec<_> = PROBES.iter().map(|p| p.name).collect();
    assert!(names.contains(&WC) && names.contains(&WC_EMPTY));
    if Command::new("wc").arg("--version").output().is_ok() {
        assert_eq!(run(WC).unwrap(), file.newlines);
        assert_eq!(run(WC_EMPTY).unwrap(), 0);
    }
}
