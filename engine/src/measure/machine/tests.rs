use super::*;

#[test]
fn reads_fields_of_procfs_text() {
    let text = "processor\t: 0\nmodel name\t: Example CPU @ 3.00GHz\nMemTotal:  1024 kB\n";
    assert_eq!(
        field(text, "model name").as_deref(),
        Some("Example CPU @ 3.00GHz")
    );
    assert_eq!(field(text, "MemTotal").as_deref(), Some("1024 kB"));
    assert_eq!(field(text, "missing"), None);
}

#[test]
fn describes_this_machine() {
    let machine = MachineInfo::current();
    assert!(machine.cores >= 1);
    assert!(machine.rustc_version.starts_with("rustc "));
    assert!(machine.summary().contains(&machine.rustc_version));
}
