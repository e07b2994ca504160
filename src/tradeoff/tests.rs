use super::*;

fn candidate(label: &str, time_ns: f64, peak_heap: u64, peak_rss: Option<u64>) -> Candidate {
    Candidate {
        label: label.to_owned(),
        strategy: label.to_owned(),
        time_ns,
        time_low_ns: time_ns * 0.9,
        time_high_ns: time_ns * 1.1,
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
        pareto(&candidates, Memory::Heap),
        [false, true, true, false],
        "list and chunks_collected are beaten by chunks on time and heap"
    );
    let front: Vec<_> = pareto_front(&candidates, Memory::Heap)
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(front, ["generator", "chunks"], "leanest first");
    // In RSS the chunks hold nothing either, so they beat the generator too.
    assert_eq!(
        pareto(&candidates, Memory::Rss),
        [false, false, true, false]
    );
}

#[test]
fn equal_figures_do_not_dominate_each_other() {
    let twins = vec![candidate("a", 5.0, 10, None), candidate("b", 5.0, 10, None)];
    assert_eq!(pareto(&twins, Memory::Heap), [true, true]);
    // Without an RSS figure, nothing is on the RSS front and nothing is beaten there.
    assert_eq!(pareto(&twins, Memory::Rss), [false, false]);
}

#[test]
fn the_verdict_is_computed_from_the_figures() {
    let verdict = Verdict::compute(&seed(), vec![]).unwrap();
    assert_eq!(verdict.fastest, "chunks");
    assert_eq!(verdict.leanest, ["generator"]);
    assert_eq!(verdict.pareto_heap, ["generator", "chunks"]);
    assert_eq!(verdict.pareto_rss, ["chunks"]);
    assert_eq!(verdict.cheapest_near_fastest, "chunks");
    let words = verdict.paragraph();
    assert!(
        words.contains("The fastest of the 4 is chunks (30.00 ms)"),
        "{words}"
    );
    assert!(
        words.contains("the leanest is generator, with 0 B of heap"),
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
    changed[0].time_ns = 10e6;
    let verdict = Verdict::compute(&changed, vec!["lazy: folded".to_owned()]).unwrap();
    assert_eq!(verdict.fastest, "list");
    assert_eq!(verdict.pareto_heap, ["generator", "chunks", "list"]);
    assert_eq!(verdict.cheapest_near_fastest, "list");
    assert!(verdict.paragraph().ends_with("Left out: lazy: folded."));

    // A strategy within 10 % of the fastest and leaner is the cheap choice.
    changed[2].time_ns = 10.5e6;
    let verdict = Verdict::compute(&changed, vec![]).unwrap();
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
    let verdict = Verdict::compute(&candidates, vec![]).unwrap();
    assert_eq!(verdict.leanest, ["chunks", "generator"], "fastest first");
    assert!(verdict.paragraph().starts_with(
        "chunks is both the fastest (30.00 ms) and, with generator, the leanest (0 B of heap at its peak)."
    ));
    assert_eq!(verdict.pareto_heap, ["chunks"]);
    assert!(
        verdict
            .paragraph()
            .contains("chunks alone is on the Pareto front")
    );
    // When the tied leanest are not the fastest, all of them are named.
    candidates[2].time_ns = 70e6;
    let verdict = Verdict::compute(&candidates, vec![]).unwrap();
    assert!(
        verdict
            .paragraph()
            .contains("the leanest hold 0 B of heap at their peak: generator and chunks"),
        "{}",
        verdict.paragraph()
    );
    assert!(Verdict::compute(&[], vec![]).is_none());
}

#[test]
fn the_chart_labels_every_point_and_shows_zero() {
    let svg = chart::render("the seed", &seed()).unwrap();
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
    let svg = chart::render("no RSS", &heap_only).unwrap();
    assert!(!svg.contains("time against peak RSS"));
}
