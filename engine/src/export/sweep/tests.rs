use super::*;
use crate::export::tests::{fixed_report, result};
use crate::measure::InputInfo;
use crate::stats::PairedRatio;

/// A run at `size` of two strategies, `hash_set` taking `ratio` times as long as
/// `sort_dedup` in every round, with the verdict decided.
fn run_at(size: u64, ratio: f64) -> RunReport {
    let mut run = fixed_report();
    run.title = Some("distinct words".to_owned());
    run.parameters.insert("n".to_owned(), size);
    let base = size * 10;
    let hash_ns = (base as f64 * ratio) as u64;
    // A crate's own comparison: no workload, so no time counts as folded.
    run.input = InputInfo::default();
    run.results = vec![
        result("hash_set", hash_ns, 8 * size, vec![]),
        result("sort_dedup", base, 16 * size, vec![]),
    ];
    for result in &mut run.results {
        result.input = InputInfo::default();
    }
    run.ratios = vec![
        PairedRatio::of(
            "hash_set",
            &[hash_ns as f64; 20],
            "sort_dedup",
            &[base as f64; 20],
        )
        .unwrap(),
    ];
    run.decide();
    run
}

fn sweep(ratios: &[f64]) -> SweepReport {
    let sizes: Vec<u64> = (0..ratios.len() as u32)
        .map(|i| 1_000 * 10u64.pow(i))
        .collect();
    let runs = sizes
        .iter()
        .zip(ratios)
        .map(|(&n, &r)| run_at(n, r))
        .collect();
    SweepReport::new("distinct words", "n", sizes, runs)
}

#[test]
fn the_verdict_says_where_the_fastest_changes() {
    let report = sweep(&[0.5, 0.5, 2.0]);
    assert_eq!(
        report.verdict(),
        "hash_set is the fastest up to n = 10,000, sort_dedup from n = 100,000; hash_set \
         holds the least heap at every size. Changes of order: hash_set is faster up to \
         n = 10,000, sort_dedup from n = 100,000."
    );
    let growth = &report.growth[0];
    assert_eq!(growth.strategy, "hash_set");
    assert!((growth.peak_exponent.unwrap() - 1.0).abs() < 1e-9);
}

#[test]
fn one_fastest_at_every_size_is_said_once() {
    let report = sweep(&[0.5, 0.5, 0.5]);
    assert_eq!(
        report.verdict(),
        "hash_set is the fastest at every size, n = 1,000 to 100,000, and the leanest."
    );
    assert!(report.order_changes.is_empty());
}

#[test]
fn every_format_carries_every_size_and_strategy() {
    let report = sweep(&[0.5, 1.0, 2.0]);
    let terminal = report.terminal();
    let markdown = report.markdown();
    let html = report.html();
    for text in [&terminal, &markdown, &html] {
        for needle in [
            "hash_set",
            "sort_dedup",
            "n = 1,000",
            "n = 100,000",
            "n^1.00",
        ] {
            assert!(text.contains(needle), "no {needle:?} in:\n{text}");
        }
    }
    // Each size's page is linked from the sweep's.
    assert!(markdown.contains("(n-10000/latest.md)"), "{markdown}");
    assert!(html.contains("href=\"n-10000/latest.html\""), "{html}");
    // The verdict comes before any chart or table.
    let verdict = html.find("class=\"verdict\"").unwrap();
    assert!(verdict < html.find("<img").unwrap() && verdict < html.find("<table").unwrap());
    let csv = report.csv().unwrap();
    assert_eq!(csv.lines().count(), 1 + 3 * 2, "{csv}");
    assert!(csv.starts_with("strategy,size,median_ns,ci_low_ns,ci_high_ns,peak_bytes"));
    let charts = report.charts().unwrap();
    assert_eq!(charts.len(), 2);
    assert!(charts.iter().all(|(_, svg)| svg.contains("<polyline")));
    let json: SweepReport =
        serde_json::from_str(&sumbench_page::json::pretty(&report).unwrap()).unwrap();
    // Floats may differ in their last bit through JSON; everything else reads back.
    assert_eq!(
        (json.sizes, json.runs, json.order_changes),
        (report.sizes, report.runs, report.order_changes)
    );
}

#[test]
fn a_title_is_escaped_on_the_page() {
    let mut report = sweep(&[0.5, 0.5]);
    report.title = "a <b> & c".to_owned();
    let html = report.html();
    assert!(
        html.contains("a &lt;b&gt; &amp; c") && !html.contains("<b>"),
        "{html}"
    );
}

#[test]
fn trackers_documents_are_merged() {
    let objects = [
        r#"{"a/n=1/x": {}}"#.to_owned(),
        r#"{"a/n=2/x": {}}"#.to_owned(),
    ];
    let merged_objects: serde_json::Value =
        serde_json::from_str(&merged(&objects).unwrap()).unwrap();
    assert_eq!(merged_objects.as_object().unwrap().len(), 2);
    let lists = [
        r#"[{"name": "1"}]"#.to_owned(),
        r#"[{"name": "2"}]"#.to_owned(),
    ];
    let merged_lists: serde_json::Value = serde_json::from_str(&merged(&lists).unwrap()).unwrap();
    assert_eq!(merged_lists.as_array().unwrap().len(), 2);
}
