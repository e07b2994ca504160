//! `examples/sorting`, a sweep of three in-place sorts over sizes: each size's table and
//! report, `sort_unstable` at 0 B and 0 allocations on its fresh copy, the fitted growth,
//! the sweep's page and charts, memory over time at the largest size, tracker names
//! carrying the size, and the memory gate.

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

mod common;

/// The sizes the test measures: three of the example's four, small enough for a debug build.
const SIZES: [&str; 6] = ["--size", "1000", "--size", "10000", "--size", "100000"];

/// Runs the example quickly over [`SIZES`] with `args`, its files under `dir/target`.
fn run(dir: &TempDir, args: &[&str]) -> Output {
    Command::new(common::example_bin("sorting", "sorting"))
        .args(["--time", "0.2", "--warmups", "1"])
        .args(SIZES)
        .args(args)
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_sweep_of_in_place_sorts_gets_tables_fits_a_page_and_the_gate() {
    let dir = TempDir::new().unwrap();
    let output = run(&dir, &["--save-baseline", "sorts"]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for size in ["1,000", "10,000", "100,000"] {
        assert!(
            stdout.contains(&format!("sorting random u64s (n = {size}), median of")),
            "{stdout}"
        );
    }
    assert!(!stdout.contains("n = 1,000,000"), "{stdout}");
    assert!(
        stdout.contains("how time and peak heap grow with n"),
        "{stdout}"
    );

    // The sweep's files, from this run, in a folder named after it in the target directory.
    let root = dir
        .path()
        .join("target/sumbench/reports/sorting-random-u64s");
    let sweep = read_json(&root.join("sweep.json"));
    assert_eq!(sweep["sizes"], serde_json::json!([1000, 10000, 100000]));
    let runs = sweep["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 3);
    for (run, size) in runs.iter().zip([1000, 10000, 100000]) {
        assert_eq!(run["parameters"]["n"], size);
        let saved = read_json(&root.join(format!("n-{size}/latest.json")));
        assert_eq!(saved["run_id"], run["run_id"]);
        for result in run["results"].as_array().unwrap() {
            assert_eq!(result["correct"], true, "{result}");
            match result["strategy"].as_str().unwrap() {
                // In place on its own copy: nothing of the copy is in the figures.
                "sort_unstable" => {
                    assert_eq!(result["peak_bytes"], 0, "{result}");
                    assert_eq!(result["allocations"], 0, "{result}");
                }
                // The stable sort's and the radix sort's buffers are theirs: n × 8 bytes at
                // most for the radix sort's scratch, exactly.
                "radix_sort" => assert_eq!(result["peak_bytes"], size * 8, "{result}"),
                _ => assert!(result["peak_bytes"].as_u64().unwrap() > 0, "{result}"),
            }
        }
    }
    // Growth: the peak of a buffer of n elements grows as n^1, and a peak of 0 B as n^0;
    // every time grows at least linearly and stays within its own range.
    for growth in sweep["growth"].as_array().unwrap() {
        let peak = growth["peak_exponent"].as_f64().unwrap();
        match growth["strategy"].as_str().unwrap() {
            "sort_unstable" => assert_eq!(peak, 0.0),
            _ => assert!((peak - 1.0).abs() < 1e-9, "{growth}"),
        }
        let time = growth["time_exponent"].as_f64().unwrap();
        let range = growth["time_exponent_range"].as_array().unwrap();
        let (low, high) = (range[0].as_f64().unwrap(), range[1].as_f64().unwrap());
        assert!(low <= time && time <= high && time > 0.8, "{growth}");
    }
    let page = std::fs::read_to_string(root.join("index.html")).unwrap();
    let verdict = sweep_verdict(&page);
    assert!(verdict.contains("fastest"), "{verdict}");
    for file in ["sweep.md", "time.svg", "peak.svg"] {
        assert!(root.join(file).is_file(), "{file}");
    }
    assert!(
        std::fs::read_to_string(root.join("time.svg"))
            .unwrap()
            .contains("<svg")
    );
    // Memory over time, at the largest size only, drawn and on the sweep's page.
    let largest = root.join("n-100000");
    assert_eq!(
        read_json(&largest.join("latest.json"))["timelines"],
        serde_json::json!(["sort", "sort_unstable", "radix_sort"])
    );
    for file in [
        "overlay.svg",
        "1-sort.svg",
        "2-sort-unstable.svg",
        "3-radix-sort.svg",
    ] {
        let svg = std::fs::read_to_string(largest.join("timeline").join(file)).unwrap();
        assert!(svg.contains("<svg"), "{file}");
    }
    assert!(!root.join("n-1000/timeline").exists());
    assert!(
        page.contains("src=\"n-100000/timeline/overlay.svg\""),
        "{page}"
    );

    // Tracker names carry the title and the size.
    let bmf = run(&dir, &["--format", "bmf", "--no-save"]);
    assert!(bmf.status.success(), "{}", text(&bmf.stderr));
    let bmf: serde_json::Value = serde_json::from_slice(&bmf.stdout).unwrap();
    let names: Vec<&String> = bmf.as_object().unwrap().keys().collect();
    assert_eq!(names.len(), 9, "{names:?}");
    assert!(
        bmf.get("sorting-random-u64s/n=1000/sort_unstable")
            .is_some(),
        "{names:?}"
    );

    // The gate, size by size, against the baseline saved above.
    let gated = run(
        &dir,
        &[
            "--baseline",
            "sorts",
            "--max-memory-growth",
            "0",
            "--no-save",
        ],
    );
    assert!(gated.status.success(), "{}", text(&gated.stderr));
    for size in [1000, 10000, 100000] {
        assert!(
            dir.path()
                .join(format!("target/sumbench/baselines/sorts.n-{size}.json"))
                .is_file()
        );
    }
}

/// The page's first paragraph, the verdict.
fn sweep_verdict(page: &str) -> String {
    let start = page
        .find("<p class=\"verdict\">")
        .expect("a verdict paragraph");
    let after = &page[start..];
    after[..after.find("</p>").unwrap()].to_owned()
}
