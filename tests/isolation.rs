//! A strategy's figures are its own: three allocation-heavy `key=value` parsers
//! (`examples/own-strategies`, binary `key-values`), each run alone and all three together,
//! give the same peak heap to the byte. Their times are printed beside each other, not
//! asserted: a time is shown by a run on a quiet machine (docs/measurement.md gives the
//! parsers' medians alone and together at 10^6 lines), never by a timed test.
//!
//! And a strategy that fails in its worker ends the run with one line naming it.

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

mod common;

/// Lines parsed: enough for each parser to hold a few MiB, few enough for a debug build.
const LINES: &str = "20000";

/// The medians (ns) and peak heaps (B) of a run of the parsers `strategies` (all when
/// empty), by name.
fn parsers(strategies: &[&str]) -> BTreeMap<String, (f64, u64)> {
    let mut command = Command::new(common::own_strategies_bin("key-values"));
    command
        .env("KEY_VALUES_LINES", LINES)
        .args(["--no-save", "--format", "json", "--runs", "8"]);
    for strategy in strategies {
        command.args(["--strategy", strategy]);
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", common::stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["strategy"].as_str().unwrap().to_owned(),
                (
                    r["median_ns"].as_f64().unwrap(),
                    r["peak_bytes"].as_u64().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn a_parser_holds_the_same_heap_alone_and_beside_the_others() {
    let together = parsers(&[]);
    assert_eq!(together.len(), 3, "{together:?}");
    for (name, &(median, peak)) in &together {
        let alone = parsers(&[name]);
        let (alone_median, alone_peak) = alone[name];
        assert_eq!(peak, alone_peak, "{name}: peak heap together and alone");
        eprintln!(
            "{name}: {median} ns together, {alone_median} ns alone ({:.2}×)",
            median / alone_median
        );
    }
}

/// Runs the `failing` example with its strategy failing as `how`.
fn failing(how: &str) -> std::process::Output {
    Command::new(common::own_strategies_bin("failing"))
        .env("FAIL", how)
        .args(["--no-save", "--runs", "6", "--timeout", "2"])
        .output()
        .unwrap()
}

#[test]
fn a_strategy_that_fails_in_its_worker_ends_the_run_in_one_line_naming_it() {
    for (how, message) in [
        ("panic", "strategy 'failing' panicked: the strategy gave up"),
        (
            "abort",
            "strategy 'failing': its worker process was killed by SIGABRT",
        ),
        (
            "exit",
            "strategy 'failing': its worker process exited with code 7",
        ),
        ("error", "strategy 'failing': the strategy could not answer"),
        ("wrong", "strategy 'failing' returned a wrong answer"),
        ("first", "strategy 'failing' returned a wrong answer"),
        (
            "hang",
            "strategy 'failing' did not answer within 2.000 s (--timeout)",
        ),
        ("oom", "memory allocation of 32212254720 bytes failed"),
    ] {
        let output = failing(how);
        // The message names a panic; the run itself does not panic.
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("thread 'main' panicked"),
            "{how}: {stderr}"
        );
        assert_eq!(output.status.code(), Some(1), "{how}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{how}: {stderr}");
        assert!(stderr.contains(message), "{how}: {stderr}");
    }
    // Printing on standard output does not disturb the protocol.
    let output = failing("print");
    assert!(output.status.success(), "{}", common::stderr(&output));
}
