//! What the tests of this crate share: the example's bench, built as cargo builds it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Builds the example's bench (dev profile) and gives its executable.
pub fn bench_binary() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/TEST-HASH
    let target_dir = exe.parent().unwrap().parent().unwrap().parent().unwrap();
    let output = Command::new(env!("CARGO"))
        .current_dir(workspace)
        .args(["build", "--quiet", "--benches", "-p", "criterion-bench"])
        .arg("--message-format=json")
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "the example's bench did not build");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|message| message["target"]["name"] == "parse" && message["executable"].is_string())
        .map(|message| PathBuf::from(message["executable"].as_str().unwrap()))
        .expect("cargo names the bench's executable")
}
