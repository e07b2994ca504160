//! The peak heap a criterion bench gets through this crate, against an independent
//! reference: valgrind's DHAT.
//!
//! The example's bench runs once under `valgrind --tool=dhat`, its worker processes traced
//! too, with a filter that names one benchmark. DHAT records, for every allocation site,
//! the bytes it held when the process's heap peaked (t-gmax, the field `gb` of its JSON).
//! The sites whose stack passes through the routine's closure, the one given to `b.iter`
//! inside the bench's function, are the routine's own. The routine's data is the largest
//! thing its worker ever holds, so t-gmax falls inside one of its calls, and those sites'
//! bytes must equal the `peak_bytes` the bench reports, to the byte.
//!
//! Skipped, with a printed reason, where valgrind is not installed.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The benchmarks checked: a `HashMap` of owned strings, and a `Vec` grown by
/// reallocation.
const BENCHMARKS: [&str; 2] = ["parse/owned_map/1000", "parse/borrowed/10000"];

/// The frame of a routine's closure in the bench's `parse` function.
const ROUTINE: &str = "parse::parse::{{closure}}::{{closure}}";

fn valgrind_available() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// DHAT's bytes at t-gmax held by sites under `frame`.
fn dhat_at_t_gmax(profile: &Path, frame: &str) -> u64 {
    let json: Value = serde_json::from_slice(&std::fs::read(profile).unwrap()).unwrap();
    let frames = json["ftbl"].as_array().unwrap();
    json["pps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|site| {
            site["fs"].as_array().unwrap().iter().any(|f| {
                frames[f.as_u64().unwrap() as usize]
                    .as_str()
                    .unwrap()
                    .contains(frame)
            })
        })
        .map(|site| site["gb"].as_u64().unwrap_or(0))
        .sum()
}

#[test]
fn a_routines_peak_heap_agrees_with_valgrind_dhat() {
    if !valgrind_available() {
        eprintln!("skipped: valgrind is not installed (apt-get install valgrind)");
        return;
    }
    let bench = common::bench_binary();
    let target = tempfile::tempdir().unwrap();
    for benchmark in BENCHMARKS {
        let profiles = tempfile::tempdir().unwrap();
        let output = Command::new("valgrind")
            .args(["--tool=dhat", "--num-callers=64", "--trace-children=yes"])
            .arg(format!(
                "--dhat-out-file={}/%p.json",
                profiles.path().display()
            ))
            .arg(&bench)
            .args(["--bench", "--time", "0.2", "--no-save", "--format", "json"])
            .args(["--exact", benchmark])
            .env("CARGO_TARGET_DIR", target.path())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{benchmark} under valgrind: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let ours = report["results"][0]["peak_bytes"].as_u64().unwrap();
        // The parent never calls a routine; its workers do (the benchmark's and its A/A
        // twin's), each holding the same peak.
        let dhat = std::fs::read_dir(profiles.path())
            .unwrap()
            .map(|entry| dhat_at_t_gmax(&entry.unwrap().path(), ROUTINE))
            .max()
            .unwrap();
        eprintln!("{benchmark}: sumbench-criterion {ours} B, DHAT {dhat} B at t-gmax");
        assert!(ours > 0, "{benchmark}: no heap measured");
        assert_eq!(ours, dhat, "{benchmark}: sumbench-criterion against DHAT");
    }
}
