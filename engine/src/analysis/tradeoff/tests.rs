use super::*;
use crate::stats::{PairedRatio, TimeOrder};

fn candidate(label: &str, time_ns: f64, peak_heap: u64, peak_rss: Option<u64>) -> Candidate {
    Candidate {
        label: label.to_owned(),
        strategy: label.to_owned(),
        time_ns,
        time_low_ns: time_ns * 0.99,
        time_high_ns: time_ns * 1.01,
        peak_heap,
        peak_rss,
    }
}

/// The seed's three, with a fourth that is beaten on both counts by the chunks.
fn seed() -> Vec<Candidate> {
    vec![
        candidate("list", 40e6, 80_000_000, Some(80_000_000)),
        candidate("generator", 60e6, 0, Some(0)),
        candidate("chunks", 30e6, 80_000, Some(0)),
        candidate("chunks_collected", 35e6, 80_000, Some(0)),
    ]
}

#[test]
fn the_front_is_what_nothing_beats_on_both_counts() {
    let candidates = seed();
    assert_eq!(
        pareto(&candidates, Memory::Heap, Times::Intervals),
        [false, true, true, false],
        "list and chunks_collected are beaten by chunks on time and heap"
    );
    let front: Vec<_> = pareto_front(&candidates, Memory::Heap, Times::Intervals)
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(front, ["generator", "chunks"], "leanest first");
    // In RSS the chunks hold nothing either, so they beat the generator too.
    assert_eq!(
        pareto(&candidates, Memory::Rss, Times::Intervals),
        [false, false, true, false]
    );
}

#[test]
fn equal_figures_do_not_dominate_each_other() {
    let twins = vec![candidate("a", 5.0, 10, None), candidate("b", 5.0, 10, None)];
    assert_eq!(pareto(&twins, Memory::Heap, Times::Intervals), [true, true]);
    // Without an RSS figure, nothing is on the RSS front and nothing is beaten there.
    assert_eq!(
        pareto(&twins, Memory::Rss, Times::Intervals),
        [false, false]
    );
}

#[test]
fn the_verdict_is_computed_from_the_figures() {
    let verdict = Verdict::compute(&seed(), vec![], Times::Intervals).unwrap();
    assert_eq!(verdict.fastest, ["chunks"]);
    assert_eq!(verdict.leanest, ["generator"]);
    assert_eq!(verdict.pareto_heap, ["generator", "chunks"]);
    assert_eq!(verdict.pareto_rss, ["chunks"]);
    assert_eq!(verdict.cheapest_near_fastest, "chunks");
    let words = verdict.paragraph();
    assert!(
        words.contains(
            "The fastest of the 4 is chunks (30.00 ms): every other is resolvably slower"
        ),
        "{words}"
    );
    assert!(
        words.contains("The leanest is generator, with 0 B of heap"),
        "{words}"
    );
    assert!(
        words.contains("generator → chunks; every other strategy is beaten by one of these"),
        "{words}"
    );
    assert!(words.contains("Counted in resident memory instead, the front is chunks."));
    assert!(words.contains("Nothing within 10 % of the fastest time holds less heap than chunks"));

    // Make the list the fastest by far: every part of the verdict follows.
    let mut changed = seed();
    changed[0] = candidate("list", 10e6, 80_000_000, Some(80_000_000));
    let verdict =
        Verdict::compute(&changed, vec!["lazy: folded".to_owned()], Times::Intervals).unwrap();
    assert_eq!(verdict.fastest, ["list"]);
    assert_eq!(verdict.pareto_heap, ["generator", "chunks", "list"]);
    assert_eq!(verdict.cheapest_near_fastest, "list");
    assert!(verdict.paragraph().ends_with("Left out: lazy: folded."));

    // A strategy within 10 % of the fastest and leaner is the cheap choice.
    changed[2] = candidate("chunks", 10.5e6, 80_000, Some(0));
    let verdict = Verdict::compute(&changed, vec![], Times::Intervals).unwrap();
    assert_eq!(verdict.cheapest_near_fastest, "chunks");
    assert!(
        verdict
            .paragraph()
            .contains("Within 10 % of the fastest time, the cheapest in memory is chunks (10.50 ms, 78.1 KiB of heap)"),
        "{}",
        verdict.paragraph()
    );
}

#[test]
fn tied_leanest_are_all_named_and_one_alone_says_so() {
    let mut candidates = seed();
    candidates[2].peak_heap = 0;
    let verdict = Verdict::compute(&candidates, vec![], Times::Intervals).unwrap();
    assert_eq!(verdict.leanest, ["chunks", "generator"], "fastest first");
    assert!(
        verdict
            .paragraph()
            .contains("The leanest hold 0 B of heap at their peak: chunks and generator.")
    );
    assert_eq!(verdict.pareto_heap, ["chunks"]);
    assert!(
        verdict
            .paragraph()
            .contains("chunks alone is on the Pareto front")
    );
    // When the tied leanest are not the fastest, all of them are named.
    candidates[2] = candidate("chunks", 70e6, 0, Some(0));
    let verdict = Verdict::compute(&candidates, vec![], Times::Intervals).unwrap();
    assert!(
        verdict
            .paragraph()
            .contains("The leanest hold 0 B of heap at their peak: generator and chunks"),
        "{}",
        verdict.paragraph()
    );
    assert!(Verdict::compute(&[], vec![], Times::Intervals).is_none());
}

#[test]
fn the_chart_labels_every_point_and_shows_zero() {
    let svg = crate::render::tradeoff_chart::render("the seed", &seed(), Times::Intervals).unwrap();
    for label in [
        "list",
        "generator",
        "chunks",
        "chunks_collected",
        "0 B",
        "Pareto front",
    ] {
        assert!(svg.contains(label), "{label} missing from the chart");
    }
    assert!(svg.contains("time against peak heap") && svg.contains("time against peak RSS"));
    let heap_only: Vec<_> = seed()
        .into_iter()
        .map(|c| Candidate {
            peak_rss: None,
            ..c
        })
        .collect();
    let svg =
        crate::render::tradeoff_chart::render("no RSS", &heap_only, Times::Intervals).unwrap();
    assert!(!svg.contains("time against peak RSS"));
}

/// Per-round times of a strategy `factor` times as slow as a base that drifts upward.
fn rounds(factor: f64, jitter: &[f64]) -> Vec<u64> {
    jitter
        .iter()
        .enumerate()
        .map(|(round, j)| ((1e6 + round as f64 * 5e4) * factor * j) as u64)
        .collect()
}

const JITTER: [f64; 10] = [1.0, 1.02, 0.99, 1.01, 0.98, 1.0, 1.03, 0.99, 1.0, 1.01];

#[test]
fn strategies_whose_paired_ratio_straddles_the_threshold_tie_for_fastest() {
    let lazy = rounds(1.0, &[1.0; 10]);
    let rayon = rounds(1.0, &JITTER);
    let vec = rounds(1.5, &[1.0; 10]);
    let ratios = vec![
        PairedRatio::of("lazy", &lazy, "rayon_sum", &rayon).unwrap(),
        PairedRatio::of("lazy", &lazy, "vec", &vec).unwrap(),
        PairedRatio::of("rayon_sum", &rayon, "vec", &vec).unwrap(),
    ];
    let times = Times::Paired(&ratios);
    let median = |v: &[u64]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v[v.len() / 2] as f64
    };
    let candidates = vec![
        candidate("lazy", median(&lazy), 0, Some(0)),
        candidate("rayon_sum", median(&rayon), 0, Some(0)),
        candidate("vec", median(&vec), 80_000_000, Some(80_000_000)),
    ];
    let verdict = Verdict::compute(&candidates, vec![], times).unwrap();
    let mut fastest = verdict.fastest.clone();
    fastest.sort();
    assert_eq!(fastest, ["lazy", "rayon_sum"]);
    let words = verdict.paragraph();
    assert!(words.contains("are tied for fastest"), "{words}");
    assert!(words.contains("rayon_sum/lazy 0.9"), "{words}");
    // Tied in time and equal in memory: neither dominates, both are on the front; vec is
    // slower and heavier than either.
    assert_eq!(
        pareto(&candidates, Memory::Heap, times),
        [true, true, false]
    );
}

#[test]
fn a_tie_in_time_with_less_memory_dominates() {
    let a = rounds(1.0, &JITTER);
    let b = rounds(1.0, &[1.0; 10]);
    let ratios = vec![PairedRatio::of("a", &a, "b", &b).unwrap()];
    let times = Times::Paired(&ratios);
    assert_eq!(
        times.order(&candidate("a", 1e6, 0, None), &candidate("b", 1e6, 0, None)),
        TimeOrder::Tied
    );
    // a is tied with b in time and holds less: a dominates b.
    let candidates = vec![
        candidate("a", 1.01e6, 100, None),
        candidate("b", 1e6, 1_000, None),
    ];
    assert_eq!(pareto(&candidates, Memory::Heap, times), [true, false]);
    // Faster by a resolved margin but heavier: both stay on the front.
    let fast = rounds(0.5, &JITTER);
    let ratios = vec![PairedRatio::of("a", &fast, "b", &b).unwrap()];
    let candidates = vec![
        candidate("a", 0.5e6, 1_000, None),
        candidate("b", 1e6, 100, None),
    ];
    assert_eq!(
        pareto(&candidates, Memory::Heap, Times::Paired(&ratios)),
        [true, true]
    );
}

#[test]
fn a_verdict_saved_with_one_fastest_still_reads() {
    let verdict = Verdict::compute(&seed(), vec![], Times::Intervals).unwrap();
    let mut json = serde_json::to_value(&verdict).unwrap();
    json["fastest"] = serde_json::json!("chunks");
    let read: Verdict = serde_json::from_value(json).unwrap();
    assert_eq!(read.fastest, ["chunks"]);
}

#[test]
fn a_tie_on_the_front_is_one_group() {
    // A second generator, as lean and within the other's interval: neither beats the
    // other, so the front names both as one group, not as one leaner than the other.
    let mut candidates = seed();
    candidates.push(candidate("generator_copy", 60.2e6, 0, Some(0)));
    let verdict = Verdict::compute(&candidates, vec![], Times::Intervals).unwrap();
    assert_eq!(
        verdict.pareto_heap,
        ["generator", "generator_copy", "chunks"]
    );
    assert_eq!(
        verdict.pareto_heap_groups,
        [vec!["generator", "generator_copy"], vec!["chunks"]]
    );
    assert!(
        verdict
            .paragraph()
            .contains("from leanest to fastest: generator and generator_copy (tied) → chunks;"),
        "{}",
        verdict.paragraph()
    );
    // The details leave out the two sentences the short verdict says.
    assert!(!verdict.details().contains("leanest hold"));
    assert!(
        verdict
            .details()
            .starts_with("The nearest to the fastest: ")
    );
}
