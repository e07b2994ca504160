//! The time figures of a run, as the exports give them: every median inside its interval,
//! a paired ratio for every two strategies, the noise floor, the seed, what counting costs,
//! and the same figures in JSON and CSV.

use serde_json::Value;

mod common;

use common::sumbench;

fn run(args: &[&str]) -> Value {
    let output = sumbench()
        .args(["--n", "100000", "--opaque", "--warmups", "1", "--no-save"])
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn every_median_lies_in_its_interval_and_every_pair_has_a_ratio() {
    let json = run(&["--runs", "7", "--seed", "42"]);
    assert_eq!(json["seed"], 42);
    let results = json["results"].as_array().unwrap();
    for r in results {
        let (low, median, high) = (
            r["ci_low_ns"].as_u64().unwrap(),
            r["median_ns"].as_u64().unwrap(),
            r["ci_high_ns"].as_u64().unwrap(),
        );
        assert!(low <= median && median <= high, "{r}");
        assert!(r["min_ns"].as_u64().unwrap() <= low && high <= r["max_ns"].as_u64().unwrap());
        // 7 rounds: [x(2), x(6)] would cover 87.5 %, so the interval is the range, which
        // covers the median with 1 − 2/2^7 = 98.4 %.
        assert!((r["ci_coverage"].as_f64().unwrap() - (1.0 - 2.0 / 128.0)).abs() < 1e-9);
        assert_eq!(r["runs"], 7);
        let (cost_low, cost, cost_high) = (
            r["counting_cost_low_percent"].as_f64().unwrap(),
            r["counting_cost_percent"].as_f64().unwrap(),
            r["counting_cost_high_percent"].as_f64().unwrap(),
        );
        assert!(cost_low <= cost && cost <= cost_high, "{r}");
    }
    let count = results.len();
    let ratios = json["ratios"].as_array().unwrap();
    assert_eq!(ratios.len(), count * (count - 1) / 2);
    for ratio in ratios {
        let interval = &ratio["interval"];
        let median = ratio["median"].as_f64().unwrap();
        assert!(interval["low"].as_f64().unwrap() <= median);
        assert!(median <= interval["high"].as_f64().unwrap());
        assert_eq!(ratio["rounds"], 7);
    }
    let noise = &json["noise"];
    assert_eq!(noise["pair"]["numerator"], noise["pair"]["denominator"]);
    let reach = (noise["pair"]["interval"]["high"].as_f64().unwrap() - 1.0)
        .max(1.0 - noise["pair"]["interval"]["low"].as_f64().unwrap())
        .max(0.0);
    assert!((noise["resolution_percent"].as_f64().unwrap() - reach * 100.0).abs() < 1e-9);
}

#[test]
fn the_table_says_how_the_times_were_taken() {
    let output = sumbench()
        .args([
            "--n",
            "100000",
            "--runs",
            "6",
            "--warmups",
            "0",
            "--no-save",
        ])
        .args([
            "--strategy",
            "vec",
            "--strategy",
            "reused_buffer",
            "--seed",
            "9",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.contains("interval"), "{table}");
    assert!(
        table.contains("shuffled with seed 9 (--seed 9 repeats it)"),
        "{table}"
    );
    assert!(table.contains("(96.9 % confidence)"), "{table}");
    assert!(
        table.contains("cannot be resolved on this machine now"),
        "{table}"
    );
}

#[test]
fn csv_carries_the_json_figures() {
    let output = sumbench()
        .args([
            "--n",
            "100000",
            "--runs",
            "3",
            "--warmups",
            "0",
            "--no-save",
        ])
        .args(["--strategy", "lazy", "--opaque", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        let at = headers.iter().position(|h| h == name).unwrap();
        row[at].parse::<f64>().unwrap()
    };
    assert!(cell("ci_low_ns") <= cell("median_ns") && cell("median_ns") <= cell("ci_high_ns"));
    assert!((cell("ci_coverage") - 0.75).abs() < 1e-6);
}
