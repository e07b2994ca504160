//! sumbench's heap peak against an independent reference: valgrind's DHAT.
//!
//! For each strategy that allocates, the `sumbench` binary runs once under
//! `valgrind --tool=dhat` at a small n, its worker processes traced too: the strategy's
//! counted calls run in its own worker, whose profile is the one with the measured call. DHAT records, for every allocation site, the bytes
//! it held at the moment the whole process's heap peaked (t-gmax, the field `gb` of its JSON
//! output). The sites whose stack passes through the strategies' code
//! (`sumbench_app::workloads::range::`) are a call's own, but for rayon's pool, set up once
//! by the priming call; the rest are the process's baseline (clap,
//! std, the worker's protocol). At these sizes the strategy's data is by far the largest
//! thing the process ever holds, so t-gmax falls inside one of its calls, and the bytes
//! the strategy's code held at t-gmax must equal sumbench's `peak_bytes`: within 0.1 % or
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

/// The frame under which rayon sets its global pool up, once per process.
const POOL_SETUP: &str = "rayon_core::registry::default_global_registry";

fn valgrind_available() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// DHAT's bytes at t-gmax: (allocated inside the strategies' code, everything else).
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
        let names: Vec<&str> = site["fs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| frames[f.as_u64().unwrap() as usize])
            .collect();
        // rayon's pool, started by the priming call under the strategy's frames, is the
        // process's from then on: what a call holds is the rest.
        let inside = names
            .iter()
            .any(|f| f.contains("sumbench_app::workloads::range::"))
            && !names.iter().any(|f| f.contains(POOL_SETUP));
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
        let profiles = dir.path().join(strategy);
        std::fs::create_dir(&profiles).unwrap();
        let output = Command::new("valgrind")
            .args(["--tool=dhat", "--num-callers=64", "--trace-children=yes"])
            .arg(format!("--dhat-out-file={}/%p.json", profiles.display()))
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
        // The worker of the strategy: the one profile where the strategy's code allocated.
        let (dhat, baseline) = std::fs::read_dir(&profiles)
            .unwrap()
            .map(|entry| dhat_at_t_gmax(&entry.unwrap().path()))
            .max()
            .unwrap();
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
