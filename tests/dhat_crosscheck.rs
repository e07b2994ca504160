//! sumbench's heap peak against an independent reference: valgrind's DHAT.
//!
//! For each strategy that allocates, the `sumbench` binary runs once under
//! `valgrind --tool=dhat` at a small n. DHAT records, for every allocation site, the bytes
//! it held at the moment the whole process's heap peaked (t-gmax, the field `gb` of its JSON
//! output). The sites whose stack passes through `sumbench::measure::alloc::measure` are the
//! measured call's own; the rest are the process's baseline (clap, the progress bar, std).
//! At these sizes the strategy's data is by far the largest thing the process ever holds,
//! so t-gmax falls inside the measured call, and DHAT's bytes of the measured call at
//! t-gmax (t-gmax minus the baseline) must equal sumbench's `peak_bytes`: within 0.1 % or
//! one page, whichever is larger.
//!
//! Skipped, with a printed reason, where valgrind is not installed.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The strategies that hold heap, at a size where valgrind takes a second or two each.
const STRATEGIES: [&str; 5] = [
    "vec",
    "vec_push",
    "chunks_collected",
    "reused_buffer",
    "rayon_collect",
];
const N: &str = "100000";

fn valgrind_available() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// DHAT's bytes at t-gmax: (allocated inside `sumbench::measure::alloc::measure`, everything else).
fn dhat_at_t_gmax(profile: &Path) -> (u64, u64) {
    let json: Value = serde_json::from_slice(&std::fs::read(profile).unwrap()).unwrap();
    let frames: Vec<&str> = json["ftbl"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let (mut measured, mut baseline) = (0, 0);
    for site in json["pps"].as_array().unwrap() {
        let bytes = site["gb"].as_u64().unwrap_or(0);
        let inside = site["fs"].as_array().unwrap().iter().any(|f| {
            frames[f.as_u64().unwrap() as usize].contains("sumbench::measure::alloc::measure")
        });
        if inside {
            measured += bytes;
        } else {
            baseline += bytes;
        }
    }
    (measured, baseline)
}

#[test]
fn heap_peaks_agree_with_valgrind_dhat() {
    if !valgrind_available() {
        eprintln!("skipped: valgrind is not installed (apt-get install valgrind)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for strategy in STRATEGIES {
        let profile = dir.path().join(format!("{strategy}.json"));
        let output = Command::new("valgrind")
            .args(["--tool=dhat", "--num-callers=64"])
            .arg(format!("--dhat-out-file={}", profile.display()))
            .arg(env!("CARGO_BIN_EXE_sumbench"))
            .args([
                "--no-save",
                "--format",
                "json",
                "--runs",
                "1",
                "--warmups",
                "0",
            ])
            .args(["--n", N, "--strategy", strategy])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{strategy} under valgrind: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let ours = report["results"][0]["peak_bytes"].as_u64().unwrap();
        let (dhat, baseline) = dhat_at_t_gmax(&profile);
        let tolerance = (ours / 1000).max(4096);
        eprintln!(
            "{strategy}: sumbench {ours} B, DHAT {dhat} B at t-gmax above a baseline of {baseline} B"
        );
        assert!(
            ours.abs_diff(dhat) <= tolerance,
            "{strategy}: sumbench says {ours} B, DHAT's t-gmax minus the baseline is {dhat} B"
        );
    }
}
