use super::*;
use crate::export::baselines::compare;
use crate::export::tests::{fixed_report, result};
use crate::measure::InputInfo;
use crate::stats::PairedRatio;

/// A comparison of two strategies: `fast` twice as fast as `lean`, which holds less heap.
fn two_way() -> RunReport {
    let mut report = fixed_report();
    report.title = Some("demo".to_owned());
    report.input = InputInfo::default();
    report.results = vec![
        result("fast", 1_000_000, 8 << 20, vec![]),
        result("lean", 2_000_000, 0, vec![]),
    ];
    for r in &mut report.results {
        r.input = InputInfo::default();
    }
    report.ratios = vec![PairedRatio::of("fast", &[1e6; 20], "lean", &[2e6; 20]).unwrap()];
    report.decide();
    report
}

#[test]
fn the_verdict_comes_first_in_one_sentence_and_the_method_last() {
    let page = page(&two_way(), "tradeoff-latest.svg");
    let markdown = page.markdown();
    let verdict =
        "**fast is the fastest (1.00 ms); lean is the leanest (0 B of heap at its peak).**";
    assert!(
        markdown.starts_with(&format!("# demo (sumbench)\n\n{verdict}\n")),
        "{markdown}"
    );
    assert!(markdown.find("## Method").unwrap() > markdown.find("| strategy").unwrap());
    assert!(markdown.contains("![Trade-off: demo"), "{markdown}");
    let html = page.html();
    assert!(html.find("class=\"verdict\"").unwrap() < html.find("<img").unwrap());
    assert!(html.find("<img").unwrap() < html.find("<table").unwrap());
}

#[test]
fn a_group_tied_for_the_fastest_is_named_as_one() {
    let mut report = two_way();
    report.results[1].time.median_ns = 1_000_000;
    report.ratios = vec![PairedRatio::of("fast", &[1e6; 20], "lean", &[1e6; 20]).unwrap()];
    report.decide();
    let short = report.verdict.as_ref().unwrap().short();
    assert_eq!(
        short,
        "fast and lean are tied for the fastest (1.00 ms); lean is the leanest (0 B of heap at \
         its peak)."
    );
}

#[test]
fn where_heap_and_rss_differ_the_page_says_why_in_one_line() {
    let mut report = two_way();
    // 8 MiB of heap, of which nothing new was resident.
    report.results[0].memory.peak_rss_bytes = 0;
    let line = heap_and_rss(&report).unwrap();
    assert!(
        line.starts_with(
            "Heap and RSS differ: less became resident than was allocated (fast: 8.0 MiB of \
             heap, 0 B resident)"
        ),
        "{line}"
    );
    assert_eq!(line.matches(". ").count(), 0, "one sentence: {line}");
    // Within a quarter of each other: nothing to say.
    report.results[0].memory.peak_rss_bytes = 7 << 20;
    assert_eq!(heap_and_rss(&report), None);
}

#[test]
fn the_baseline_section_lists_only_changes_beyond_the_tolerance() {
    let before = two_way();
    let mut after = two_way();
    // fast's heap grows by half; lean's RSS moves by a page, within the RSS slack.
    after.results[0].memory.peak_bytes += 4 << 20;
    after.results[1].memory.peak_rss_bytes += 4096;
    let mut comparison = compare("base", &before, &after);
    comparison.gate(10.0);
    after.baseline = Some(comparison);
    let markdown = page(&after, "t.svg").markdown();
    assert!(
        markdown.contains("1 of 2 strategies changed beyond the tolerance"),
        "{markdown}"
    );
    assert!(
        markdown.contains("1 changed within it or not at all"),
        "{markdown}"
    );
    let section = &markdown[markdown.find("## Against baseline base").unwrap()..];
    assert!(section.contains("| fast |"), "{section}");
    assert!(!section.contains("| lean |"), "{section}");
}
