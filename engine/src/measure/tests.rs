use super::*;
use crate::measure::rss::PeakRssSource;

#[test]
fn median_takes_the_lower_middle() {
    assert_eq!(median(&mut [5, 1, 3]), 3);
    assert_eq!(median(&mut [4, 1, 3, 2]), 2);
    assert_eq!(median(&mut [-7]), -7);
}

/// A correct range result with one run and nothing allocated: the fixture the exporters'
/// tests build on too.
pub(crate) fn result(strategy: &str, mode: Mode, median_ns: u64, n: u64) -> StrategyResult {
    StrategyResult {
        strategy: strategy.to_owned(),
        input: InputInfo {
            workload: Some(Workload::Range),
            ..InputInfo::default()
        },
        mode: Some(mode),
        n,
        chunk_size: Some(10_000),
        check: Check {
            sum: Some(0),
            expected_sum: Some(0),
            correct: true,
        },
        parallel: false,
        time: TimeFigures {
            runs: 1,
            calls_per_sample: 1,
            median_ns,
            min_ns: median_ns,
            max_ns: median_ns,
            ci_low_ns: median_ns.saturating_sub(1),
            ci_high_ns: median_ns + 1,
            ci_coverage: 0.9375,
            ns_per_element: per_element(median_ns, n),
            mb_per_s: None,
        },
        counting: CountingCost {
            counting_cost_percent: 0.0,
            counting_cost_low_percent: 0.0,
            counting_cost_high_percent: 0.0,
            counting_off_effect_percent: 0.0,
        },
        memory: MemoryFigures {
            peak_bytes: 0,
            allocations: 0,
            reallocations: 0,
            bytes_allocated: 0,
            minor_faults: 0,
            major_faults: 0,
            read_bytes: 0,
            peak_rss_bytes: 0,
            peak_rss_source: PeakRssSource::Kernel,
        },
        heap_bound_bytes: Some(0),
        rss_delta_bytes: 0,
        trimmed_heap: TrimmedHeap::default(),
        warnings: Vec::new(),
    }
}

#[test]
fn a_folded_loop_is_called_a_closed_form() {
    let folded = result("lazy", Mode::AsWritten, 40, 10_000_000);
    let warnings = warnings(&folded, Duration::from_nanos(20));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("timer's resolution"));
    assert!(warnings[1].contains("closed form"));
    assert!(warnings[1].contains("--opaque"));
}

#[test]
fn an_honest_loop_gets_no_warning() {
    let real = result("lazy", Mode::Opaque, 5_000_000, 10_000_000);
    assert!(warnings(&real, Duration::from_nanos(20)).is_empty());
    // Tiny n: a short time is expected, not folded.
    let tiny = result("lazy", Mode::AsWritten, 100_000, 10);
    assert!(warnings(&tiny, Duration::from_nanos(20)).is_empty());
}

#[test]
fn a_wrong_sum_and_a_broken_bound_are_reported() {
    let mut wrong = result("vec", Mode::Opaque, 45_000_000, 10_000_000);
    wrong.check.correct = false;
    wrong.check.sum = Some(1);
    wrong.check.expected_sum = Some(2);
    wrong.memory.peak_bytes = 100;
    let warnings = warnings(&wrong, Duration::from_nanos(20));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("returned 1 but the sum of 0..10000000 is 2"));
    assert!(warnings[1].contains("above its declared bound of 0 B"));
}

#[test]
fn per_element_handles_empty_ranges() {
    assert_eq!(per_element(100, 0), 0.0);
    assert_eq!(per_element(100, 50), 2.0);
}

#[test]
fn a_saved_custom_workload_reads_as_none() {
    let read = |json: &str| serde_json::from_str::<InputInfo>(json).unwrap().workload;
    assert_eq!(read(r#"{"workload": "range"}"#), Some(Workload::Range));
    assert_eq!(read(r#"{"workload": "file"}"#), Some(Workload::File));
    assert_eq!(read(r#"{"workload": "custom"}"#), None);
    assert_eq!(read("{}"), None);
}
