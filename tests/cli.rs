//! The command line: the table, every format, and every bad input.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

use tempfile::TempDir;

mod common;

/// `sumbench` with a small, quick run whose reports go to `reports`.
fn sumbench(reports: &TempDir) -> Command {
    let mut command = common::assert_sumbench();
    command
        .args([
            "--n",
            "20000",
            "--runs",
            "1",
            "--warmups",
            "0",
            "--reports-dir",
        ])
        .arg(reports.path());
    command
}

fn registered_names() -> Vec<&'static str> {
    sumbench_app::workloads::of(sumbench_app::workloads::strategy::Workload::Range)
        .map(|s| s.name())
        .collect()
}

#[test]
fn the_table_shows_every_strategy_and_writes_the_reports() {
    let reports = TempDir::new().unwrap();
    let output = sumbench(&reports).assert().success().get_output().clone();
    let stdout = String::from_utf8(output.stdout).unwrap();
    for name in registered_names() {
        assert!(stdout.contains(name), "no row for {name}:\n{stdout}");
    }
    assert!(stdout.contains("as_written"));
    assert!(stdout.contains("peak heap"));
    // vec holds 20,000 × 8 B at its peak.
    assert!(stdout.contains("160,000"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reports.path().join("latest.json")).unwrap())
            .unwrap();
    assert_eq!(json["n"], 20_000);
    assert_eq!(json["opaque"], false);
    let markdown = std::fs::read_to_string(reports.path().join("latest.md")).unwrap();
    assert!(markdown.contains("| vec |"));
}

#[test]
fn json_has_the_documented_fields() {
    let reports = TempDir::new().unwrap();
    let output = sumbench(&reports)
        .args([
            "--format",
            "json",
            "--opaque",
            "--strategy",
            "vec",
            "--strategy",
            "lazy",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["opaque"], true);
    assert_eq!(json["chunk_size"], 10_000);
    for key in ["cpu_model", "cores", "rustc_version", "date"] {
        assert!(json["machine"].get(key).is_some(), "machine lacks {key}");
    }
    let results = json["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for key in [
        "strategy",
        "mode",
        "sum",
        "expected_sum",
        "median_ns",
        "ns_per_element",
        "peak_bytes",
        "allocations",
        "bytes_allocated",
        "minor_faults",
    ] {
        assert!(results[0].get(key).is_some(), "result lacks {key}");
    }
    assert_eq!(results[0]["strategy"], "vec");
    assert_eq!(results[0]["mode"], "opaque");
    assert_eq!(results[0]["sum"], 199_990_000u64);
    assert_eq!(results[0]["peak_bytes"], 160_000);
    assert_eq!(results[0]["allocations"], 1);
    assert_eq!(results[1]["peak_bytes"], 0);
}

#[test]
fn csv_and_markdown_formats() {
    let reports = TempDir::new().unwrap();
    let csv = sumbench(&reports)
        .args(["--format", "csv", "--strategy", "vec_push"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(csv).unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("strategy,workload,input_path,input_bytes,cache,mode,n,")
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("vec_push,range,,,,as_written,20000,")
    );
    assert_eq!(lines.next(), None);

    sumbench(&reports)
        .args(["--format", "markdown", "--strategy", "reused_buffer"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "| reused_buffer | as_written | ok |",
        ));
}

#[test]
fn list_names_every_strategy_with_its_description() {
    let output = common::assert_sumbench()
        .arg("--list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    for strategy in sumbench_app::workloads::REGISTRY {
        assert!(text.contains(strategy.name()));
        assert!(text.contains(strategy.description()));
    }
}

/// Runs `sumbench` with `args` and checks the one-line error, exit code 2, no panic and
/// no report written.
fn rejects(args: &[&str], message: &str) {
    let reports = TempDir::new().unwrap();
    let mut command = common::assert_sumbench();
    command.arg("--reports-dir").arg(reports.path()).args(args);
    let stderr = common::refused_without_writing(command, reports.path(), args, message);
    assert!(stderr.starts_with("error: "), "{stderr:?}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn bad_input_is_one_line_and_exit_code_2() {
    rejects(&["--n", "ten"], "non-negative whole number");
    rejects(&["--n", "-5"], "non-negative whole number");
    rejects(&["--n", "6074001001"], "does not fit in a u64");
    rejects(&["--chunk-size", "0"], "at least 1");
    rejects(&["--runs", "0"], "at least 1");
    rejects(
        &["--strategy", "quicksort"],
        "known strategies: vec, vec_push, lazy",
    );
    rejects(&["--format", "xml"], "xml");
    // The whole list of valid values, on the one line.
    rejects(&["--format", "xml"], "markdown");
    rejects(&["--n", "1__0"], "non-negative whole number");
}

/// The largest n whose sum fits needs 48.6 GB for `vec`: refused wherever that is more
/// than the memory available, with the figure computed from the strategy's own bound.
#[test]
fn a_strategy_that_does_not_fit_is_refused_before_allocating() {
    let n = 6_074_001_000;
    let params = sumbench_app::workloads::strategy::Params::range(n, 10_000);
    let needed = sumbench_app::workloads::find("vec")
        .unwrap()
        .heap_bound(&params);
    let available = sumbench::measure::os::available_memory_bytes().unwrap_or(0);
    if needed <= available {
        eprintln!("skipped: this machine has {available} B available, enough for {needed} B");
        return;
    }
    let message = format!(
        "strategy 'vec' needs {} ({} B) of heap",
        sumbench_page::units::bytes_human(needed),
        sumbench_page::units::grouped(needed)
    );
    rejects(&["--n", &n.to_string(), "--strategy", "vec"], &message);
}

#[test]
fn an_unwritable_reports_directory_is_refused_before_running() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("not-a-directory");
    std::fs::write(&file, "x").unwrap();
    common::assert_sumbench()
        .args(["--n", "10", "--runs", "1", "--reports-dir"])
        .arg(file.join("reports"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::starts_with("error: cannot create ")
                .and(predicate::str::contains("not-a-directory/reports")),
        );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");

    // A file where the directory belongs is named, with what was expected there.
    common::assert_sumbench()
        .args(["--n", "10", "--runs", "1", "--reports-dir"])
        .arg(&file)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "not-a-directory is not a directory: a directory is expected there",
        ));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn report_without_a_bench_run_says_what_to_do() {
    let target = TempDir::new().unwrap();
    let reports = TempDir::new().unwrap();
    common::assert_sumbench()
        .arg("report")
        .arg("--target-dir")
        .arg(target.path())
        .arg("--reports-dir")
        .arg(reports.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("run `cargo bench` first"));
    assert_eq!(std::fs::read_dir(reports.path()).unwrap().count(), 0);
}

#[test]
fn timeline_writes_charts_series_and_phase_tables() {
    let reports = TempDir::new().unwrap();
    let output = common::assert_sumbench()
        .args([
            "timeline",
            "--n",
            "50000",
            "--strategy",
            "vec",
            "--strategy",
            "lazy",
        ])
        .arg("--reports-dir")
        .arg(reports.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(output).unwrap();
    assert!(
        stdout.contains("vec: peak heap 400,000 B, peak RSS "),
        "{stdout}"
    );
    assert!(stdout.contains("collect"), "{stdout}");
    // Two strategies of the registry: a selection, kept apart from the full set.
    let dir = reports.path().join("timeline-selection");
    assert!(!reports.path().join("timeline").exists());
    for file in [
        "vec.svg",
        "vec.csv",
        "lazy.csv",
        "overlay.svg",
        "phases.md",
        "phases.json",
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(!text.is_empty(), "{file} is empty");
    }
    for file in ["phases.json", "run.json"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(
            text.ends_with("}\n") || text.ends_with("]\n"),
            "{file}: {text}"
        );
    }
    // lazy allocates nothing: no empty chart, a line in run.json instead.
    assert!(!dir.join("lazy.svg").exists());
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["allocates_nothing"][0]["strategy"], "lazy", "{run}");
    let csv = std::fs::read_to_string(dir.join("vec.csv")).unwrap();
    assert!(csv.starts_with("series,t_ns,bytes\nheap,0,0\n"), "{csv}");
    assert!(csv.contains(",400000\n"));
    assert!(
        std::fs::read_to_string(dir.join("vec.svg"))
            .unwrap()
            .contains("peak 390.6 KiB")
    );
}

#[test]
fn timeline_rejects_bad_input_like_the_main_run() {
    let reports = TempDir::new().unwrap();
    common::assert_sumbench()
        .args(["timeline", "--strategy", "nope", "--reports-dir"])
        .arg(reports.path())
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: unknown strategy 'nope'",
        ));
    assert_eq!(std::fs::read_dir(reports.path()).unwrap().count(), 0);
}

/// A target folder with an empty memory pass in `sumbench/` and one criterion estimate
/// whose `mean` is `mean` (JSON), with links in criterion's folder that would loop for ever
/// or walk the whole file system.
fn forged_target(mean: &str) -> TempDir {
    let target = TempDir::new().unwrap();
    let criterion = target.path().join("criterion");
    std::fs::create_dir_all(criterion.join("g/f/1/new")).unwrap();
    std::os::unix::fs::symlink(".", criterion.join("loop")).unwrap();
    std::os::unix::fs::symlink("/", criterion.join("root")).unwrap();
    std::fs::create_dir_all(target.path().join("sumbench")).unwrap();
    let pass = sumbench_app::report::MemoryPass {
        machine: sumbench::measure::machine::MachineInfo::current(),
        max_n: 10_000_000,
        records: Default::default(),
        skipped: Default::default(),
    };
    std::fs::write(
        target.path().join("sumbench/memory.json"),
        serde_json::to_string(&pass).unwrap(),
    )
    .unwrap();
    std::fs::write(
        criterion.join("g/f/1/new/benchmark.json"),
        r#"{"full_id":"seed-opaque/vec/10000000","directory_name":"g/f/1"}"#,
    )
    .unwrap();
    std::fs::write(
        criterion.join("g/f/1/new/estimates.json"),
        format!(r#"{{"mean":{mean},"slope":null}}"#),
    )
    .unwrap();
    target
}

/// `sumbench report` over `target`, into a fresh folder that must stay empty.
fn report_from(target: &Path) -> std::process::Output {
    let reports = TempDir::new().unwrap();
    let output = common::sumbench()
        .args(["report", "--target-dir"])
        .arg(target)
        .arg("--reports-dir")
        .arg(reports.path())
        .output()
        .unwrap();
    assert_eq!(std::fs::read_dir(reports.path()).unwrap().count(), 0);
    output
}

#[test]
fn report_walks_no_link_and_refuses_an_impossible_estimate() {
    let estimate = |level: f64, lower: f64, upper: f64, point: f64| {
        format!(
            r#"{{"confidence_interval":{{"confidence_level":{level:?},"lower_bound":{lower:?},"upper_bound":{upper:?}}},"point_estimate":{point:?}}}"#
        )
    };
    for (mean, why) in [
        (
            estimate(0.95, 1e308, 1e308, 1e308),
            "a time is not a number of ns",
        ),
        (
            estimate(0.95, 0.0, 0.0, 0.0),
            "a time is not a number of ns above 0",
        ),
        (
            estimate(0.95, 30.0, 10.0, 20.0),
            "lower end (30 ns) lies above its upper end",
        ),
        (
            estimate(2.0, 10.0, 30.0, 20.0),
            "the confidence level 2 is not a number between",
        ),
    ] {
        let target = forged_target(&mean);
        let output = report_from(target.path());
        common::failed_in_one_line(&output, 1, why);
        common::failed_in_one_line(&output, 1, "is not an estimate criterion wrote");
    }
}

#[test]
fn report_reads_no_linked_folder_of_sumbench_or_criterion() {
    let good = r#"{"confidence_interval":{"confidence_level":0.95,"lower_bound":10.0,"upper_bound":30.0},"point_estimate":20.0}"#;
    for folder in ["sumbench", "criterion"] {
        let target = forged_target(good);
        let elsewhere = TempDir::new().unwrap();
        let moved = elsewhere.path().join(folder);
        std::fs::rename(target.path().join(folder), &moved).unwrap();
        std::os::unix::fs::symlink(&moved, target.path().join(folder)).unwrap();
        let output = report_from(target.path());
        common::failed_in_one_line(&output, 1, "is a symbolic link");
    }
}

/// The names of the entries of `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_run_writes_into_the_target_directory_and_nowhere_else() {
    let quick = [
        "--n",
        "1000",
        "--runs",
        "1",
        "--warmups",
        "0",
        "--strategy",
        "vec",
    ];
    // Outside a package, and with no CARGO_TARGET_DIR: `target` in the current folder.
    let project = TempDir::new().unwrap();
    common::assert_sumbench()
        .args(quick)
        .current_dir(project.path())
        .env_remove("CARGO_TARGET_DIR")
        .assert()
        .success();
    assert_eq!(entries(project.path()), ["target"]);
    assert_eq!(
        entries(&project.path().join("target/sumbench/reports")),
        [
            "index.html",
            "latest.html",
            "latest.json",
            "latest.md",
            "tradeoff-latest.svg"
        ]
    );

    // CARGO_TARGET_DIR is honoured, as cargo and criterion honour it.
    let elsewhere = TempDir::new().unwrap();
    let project = TempDir::new().unwrap();
    common::assert_sumbench()
        .args(quick)
        .args(["--save-baseline", "here"])
        .current_dir(project.path())
        .env("CARGO_TARGET_DIR", elsewhere.path())
        .assert()
        .success();
    assert!(entries(project.path()).is_empty());
    assert_eq!(
        entries(&elsewhere.path().join("sumbench")),
        ["baselines", "reports"]
    );
    assert_eq!(
        entries(&elsewhere.path().join("sumbench/baselines")),
        ["here.json"]
    );
}
