//! The verdict, the trade-off chart of the latest run, and memory baselines with their
//! gate, through the command line.

use assert_cmd::Command;
use tempfile::TempDir;

mod common;

/// A quick run whose reports go to `dir/reports` and whose baselines go under
/// `dir/target` (as `CARGO_TARGET_DIR`).
fn sumbench(dir: &TempDir) -> Command {
    let mut command = common::assert_sumbench();
    command
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .args(["--n", "200000", "--runs", "1", "--warmups", "0"])
        .arg("--reports-dir")
        .arg(dir.path().join("reports"));
    command
}

fn latest_json(dir: &TempDir) -> serde_json::Value {
    common::read_json(&dir.path().join("reports/latest.json"))
}

#[test]
fn the_verdict_and_the_tradeoff_chart_come_with_every_run() {
    let dir = TempDir::new().unwrap();
    let output = sumbench(&dir).assert().success().get_output().clone();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json = latest_json(&dir);
    let verdict = &json["verdict"];
    let fastest: Vec<&str> = verdict["fastest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    // The fastest are exactly those no other strategy beats: a paired ratio whose whole
    // interval lies below 0.97 (or above 1/0.97 the other way up) at 95 % confidence; with
    // one round nothing is resolved, and every strategy compared ties.
    let results = json["results"].as_array().unwrap();
    let compared: Vec<&str> = results
        .iter()
        .filter(|r| {
            r["ns_per_element"].as_f64().unwrap() >= sumbench::measure::FOLDED_NS_PER_ELEMENT
        })
        .map(|r| r["strategy"].as_str().unwrap())
        .collect();
    let beaten = |name: &str| {
        json["ratios"].as_array().unwrap().iter().any(|r| {
            let (top, bottom) = (
                r["numerator"].as_str().unwrap(),
                r["denominator"].as_str().unwrap(),
            );
            let (low, high) = (
                r["interval"]["low"].as_f64().unwrap(),
                r["interval"]["high"].as_f64().unwrap(),
            );
            let resolved = r["interval"]["coverage"].as_f64().unwrap() >= 0.95;
            resolved
                && ((bottom == name && compared.contains(&top) && high < 0.97)
                    || (top == name && compared.contains(&bottom) && low > 1.0 / 0.97))
        })
    };
    let mut expected: Vec<&str> = compared.iter().copied().filter(|c| !beaten(c)).collect();
    let mut named = fastest.clone();
    expected.sort_unstable();
    named.sort_unstable();
    assert_eq!(named, expected);
    let sentences: Vec<&str> = verdict["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    // The whole verdict under the table; in latest.md, the short verdict first and the
    // sentences it leaves out under the table.
    let paragraph = sentences.join(" ");
    assert!(stdout.contains(&paragraph), "{stdout}");
    let markdown = std::fs::read_to_string(dir.path().join("reports/latest.md")).unwrap();
    for sentence in &sentences[2..] {
        assert!(markdown.contains(sentence), "{markdown}");
    }
    let svg = std::fs::read_to_string(dir.path().join("reports/tradeoff-latest.svg")).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
    for name in compared {
        assert!(svg.contains(name));
    }
}

#[test]
fn a_ten_times_larger_chunk_fails_the_gate_and_an_unchanged_run_passes() {
    let dir = TempDir::new().unwrap();
    let saved = sumbench(&dir)
        .args(["--save-baseline", "before"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&saved.stderr).contains("saved baseline before"));
    assert!(
        dir.path()
            .join("target/sumbench/baselines/before.json")
            .is_file()
    );

    let unchanged = sumbench(&dir)
        .args(["--baseline", "before", "--max-memory-growth", "0"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(unchanged.stdout).unwrap();
    assert!(stdout.contains("Memory gate passed"), "{stdout}");
    let json = latest_json(&dir);
    let changes = json["baseline"]["changes"].as_array().unwrap();
    assert_eq!(changes.len(), json["results"].as_array().unwrap().len());
    for change in changes {
        // Exact and the same, but for rayon's scheduler blocks, which come and go.
        if change["heap_slack"] == 0 {
            let heap = &change["peak_heap"];
            assert_eq!(heap["before"], heap["after"], "heap is exact: {change}");
            assert_eq!(
                change["allocations"]["before"],
                change["allocations"]["after"]
            );
        } else {
            assert!(change["strategy"].as_str().unwrap().starts_with("rayon_"));
        }
    }

    let grown = sumbench(&dir)
        .args(["--chunk-size", "100000"])
        .args(["--baseline", "before", "--max-memory-growth", "0"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(grown.stderr).unwrap();
    let error = stderr.lines().last().unwrap();
    assert!(error.starts_with("error: memory gate failed against baseline before"));
    assert!(
        error.contains("chunks_collected (as_written): peak heap grew from 80,000 B to 800,000 B"),
        "{error}"
    );
    assert!(
        !error.contains("vec (as_written)"),
        "vec does not depend on the chunk size: {error}"
    );
    // Printed and saved before the exit code says so.
    let stdout = String::from_utf8(grown.stdout).unwrap();
    assert!(stdout.contains("Settings differ from the baseline: chunk size 10,000 → 100,000"));
    let markdown = std::fs::read_to_string(dir.path().join("reports/latest.md")).unwrap();
    assert!(markdown.contains("## Against baseline before"));
    assert!(
        markdown.contains("| chunks_collected | as_written | +720,000 (+900.0 %) |"),
        "{markdown}"
    );
    assert!(markdown.contains("Memory gate failed"));
}

#[test]
fn baseline_mistakes_are_one_line_errors() {
    let dir = TempDir::new().unwrap();
    for (args, expected) in [
        (
            vec!["--baseline", "never-saved"],
            "no baseline named never-saved",
        ),
        (vec!["--save-baseline", "../escape"], "is not valid"),
        (vec!["--max-memory-growth", "5"], "--baseline"),
        (
            vec!["--baseline", "x", "--max-memory-growth", "-1"],
            "percentage",
        ),
    ] {
        let output = sumbench(&dir)
            .args(&args)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert!(
        !dir.path().join("reports/latest.json").exists(),
        "nothing measured"
    );
}
