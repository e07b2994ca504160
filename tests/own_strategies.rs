//! `examples/own-strategies`, a crate of its own that compares three ways to count distinct
//! words through `sumbench::Comparison`, gets what sumbench's own workloads get: the table
//! and verdict, `--format json` of the same shape, the report files in `--reports-dir`,
//! and the memory baseline with its gate.
//!
//! The example is built by cargo into this test's own target directory, so nothing is
//! built twice.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

mod common;

/// The example's main binary.
fn example() -> PathBuf {
    common::own_strategies_bin("own-strategies")
}

/// Runs the example quickly with `args` in `dir`, its baselines under `dir/target`.
fn run(example: &Path, dir: &TempDir, args: &[&str]) -> Output {
    Command::new(example)
        .args(["--runs", "1", "--warmups", "0"])
        .args(args)
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The strategies of a saved `latest.json`, in its order.
fn strategy_names(path: &Path) -> Vec<String> {
    common::read_json(path)["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["strategy"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_crate_of_its_own_gets_the_table_the_report_and_the_memory_gate() {
    let example = example();
    let dir = TempDir::new().unwrap();
    let strategies = ["sort_dedup", "hash_set", "btree_set"];

    // The table and the verdict.
    let table = run(&example, &dir, &["--save-baseline", "words"]);
    assert!(table.status.success(), "{}", text(&table.stderr));
    let stdout = text(&table.stdout);
    assert!(
        stdout.starts_with("distinct words (n = 300,000)"),
        "{stdout}"
    );
    for strategy in strategies {
        assert!(stdout.contains(strategy), "{stdout}");
    }
    assert!(
        stdout.contains("fastest") && stdout.contains("Pareto front"),
        "{stdout}"
    );
    assert!(text(&table.stderr).contains("saved baseline words"));

    // The report files, from one run, in a folder named after the comparison, in the
    // target directory.
    let reports = dir.path().join("target/sumbench/reports/distinct-words");
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reports.join("latest.json")).unwrap()).unwrap();
    let page = std::fs::read_to_string(reports.join("latest.md")).unwrap();
    assert!(page.contains(saved["run_id"].as_str().unwrap()));
    assert!(
        std::fs::read_to_string(reports.join("tradeoff-latest.svg"))
            .unwrap()
            .contains("<svg")
    );

    // --reports-dir is honoured; --format json has sumbench's shape.
    let json = run(
        &example,
        &dir,
        &["--format", "json", "--reports-dir", "elsewhere"],
    );
    assert!(dir.path().join("elsewhere/latest.json").is_file());
    assert!(json.status.success(), "{}", text(&json.stderr));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["title"], "distinct words");
    // What the comparison did not give is not saved: no sums, workload, mode or chunks.
    let summing = [
        "workload",
        "opaque",
        "mode",
        "chunk_size",
        "sum",
        "expected_sum",
    ];
    for field in summing {
        assert!(report.get(field).is_none(), "the report has {field}");
    }
    let results = report["results"].as_array().unwrap();
    let names: Vec<&str> = results
        .iter()
        .map(|r| r["strategy"].as_str().unwrap())
        .collect();
    assert_eq!(names, strategies);
    for result in results {
        assert_eq!(result["correct"], true);
        assert!(result["median_ns"].as_u64().unwrap() > 0);
        assert!(result["peak_bytes"].as_u64().unwrap() > 0);
        for field in summing {
            assert!(result.get(field).is_none(), "a result has {field}");
        }
    }
    let csv = run(&example, &dir, &["--format", "csv", "--no-save"]);
    let header = text(&csv.stdout);
    let header: Vec<&str> = header.lines().next().unwrap().split(',').collect();
    assert_eq!(header[..3], ["strategy", "input_bytes", "n"]);
    for field in summing {
        assert!(!header.contains(&field), "the CSV has {field}");
    }
    // A tracker knows each strategy by the comparison's title and its name.
    let bmf = run(&example, &dir, &["--format", "bmf", "--no-save"]);
    let bmf: serde_json::Value = serde_json::from_slice(&bmf.stdout).unwrap();
    let tracked: Vec<&String> = bmf.as_object().unwrap().keys().collect();
    assert_eq!(
        tracked,
        [
            "distinct-words/btree_set",
            "distinct-words/hash_set",
            "distinct-words/sort_dedup"
        ]
    );
    assert!(!report["verdict"]["fastest"].as_array().unwrap().is_empty());
    assert_eq!(saved["results"][0]["peak_bytes"], results[0]["peak_bytes"]);

    // The gate: no growth against the saved baseline passes...
    let gate = [
        "--no-save",
        "--baseline",
        "words",
        "--max-memory-growth",
        "0",
    ];
    let same = run(&example, &dir, &gate);
    assert!(same.status.success(), "{}", text(&same.stderr));
    // ...and a baseline whose sort_dedup held less fails it, naming the strategy.
    let path = dir.path().join("target/sumbench/baselines/words.json");
    let mut baseline: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let row = baseline["results"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["strategy"] == "sort_dedup")
        .unwrap();
    let peak = row["peak_bytes"].as_u64().unwrap();
    row["peak_bytes"] = (peak / 2).into();
    std::fs::write(&path, serde_json::to_vec(&baseline).unwrap()).unwrap();
    let grown = run(&example, &dir, &gate);
    assert_eq!(grown.status.code(), Some(1));
    let error = text(&grown.stderr);
    assert!(
        error.contains("memory gate failed") && error.contains("sort_dedup"),
        "{error}"
    );

    // The default reports folders are sumbench's: a link in their place is refused before
    // anything runs, and nothing is written through it.
    let linked = TempDir::new().unwrap();
    let elsewhere = TempDir::new().unwrap();
    let sumbench = linked.path().join("target/sumbench");
    std::fs::create_dir_all(&sumbench).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), sumbench.join("reports")).unwrap();
    let refused = run(&example, &linked, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(text(&refused.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);

    // Bad input is one line and exit 2.
    let unknown = run(&example, &dir, &["--strategy", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(text(&unknown.stderr).lines().count(), 1);
}

#[test]
fn a_name_with_markup_reads_as_written_in_every_file() {
    let failing = common::own_strategies_bin("failing");
    let dir = TempDir::new().unwrap();
    let name = r#"a<b&"c|d *x* [l](u) _e_ vec_owned"#;
    let output = Command::new(&failing)
        .args(["--runs", "1", "--warmups", "0", "--reports-dir", "rep"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .env("FAIL", "none")
        .env("NAME", name)
        .env("TITLE", "T<&>")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let reports = dir.path().join("rep");
    let markdown = std::fs::read_to_string(reports.join("latest.md")).unwrap();
    assert!(
        markdown.starts_with("# T&lt;&amp;&gt; (sumbench)"),
        "{markdown}"
    );
    let escaped = r#"a&lt;b&amp;"c\|d \*x\* \[l\](u) \_e\_ vec_owned"#;
    let row = markdown
        .lines()
        .find(|line| line.starts_with(&format!("| {escaped} |")))
        .unwrap_or_else(|| panic!("no row for the name: {markdown}"));
    let header = markdown
        .lines()
        .find(|l| l.starts_with("| strategy |"))
        .unwrap();
    let cells = |line: &str| line.replace("\\|", "").matches('|').count();
    assert_eq!(cells(row), cells(header), "{row}");
    let svg = std::fs::read_to_string(reports.join("tradeoff-latest.svg")).unwrap();
    assert!(
        svg.contains("a&lt;b&amp;"),
        "the chart does not escape the name"
    );
    assert!(!svg.contains("a<b"), "the chart does not escape the name");
    let names = strategy_names(&reports.join("latest.json"));
    assert!(names.iter().any(|n| n == name), "{names:?}");
}

/// The `words` bench of the example, built by cargo in this test's profile (criterion's
/// harness, run as `cargo bench` runs it when given `--bench`).
fn words_bench() -> PathBuf {
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "test",
            "--quiet",
            "-p",
            "own-strategies",
            "--bench",
            "words",
        ])
        .args(["--no-run", "--message-format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|m| m["target"]["name"] == "words" && m["executable"].is_string())
        .map(|m| PathBuf::from(m["executable"].as_str().unwrap()))
        .expect("cargo names the bench's executable")
}

#[test]
fn criterions_filter_chooses_the_strategies_of_sumbenchs_pass_too() {
    let bench = words_bench();
    let quick = ["--warm-up-time", "0.1", "--measurement-time", "0.2"];
    let run = |filter: &str| {
        let dir = TempDir::new().unwrap();
        let output = Command::new(&bench)
            .arg("--bench")
            .args(quick)
            .args(["--sample-size", "10", filter])
            .current_dir(dir.path())
            .env("CARGO_TARGET_DIR", dir.path().join("target"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
        (dir, text(&output.stdout))
    };
    // Nothing chosen: nothing measured, nothing saved.
    let (dir, stdout) = run("no-such-strategy");
    assert!(!stdout.contains("median of"), "{stdout}");
    assert!(!dir.path().join("target/sumbench/reports").exists());
    // One chosen: the table holds it alone.
    let (dir, stdout) = run("hash_set");
    assert!(stdout.contains("distinct words (n = 300,000)"), "{stdout}");
    let names = strategy_names(
        &dir.path()
            .join("target/sumbench/reports/distinct-words/latest.json"),
    );
    assert_eq!(names, ["hash_set"]);
}
