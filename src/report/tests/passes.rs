//! The memory pass against its baseline, and the paired pass's ties and counting cost.

use super::*;

#[test]
fn the_memory_pass_is_compared_with_its_baseline_exactly() {
    let (pass, _) = fixed_inputs();
    let target = tempfile::tempdir().unwrap();
    assert_eq!(
        memory_baseline::compare(&pass, target.path(), "b").unwrap(),
        None
    );
    memory_baseline::save(&pass, target.path(), "b").unwrap();
    let mut grown = pass.clone();
    let (key, figures) = grown.records.iter_mut().next().unwrap();
    let key = key.clone();
    figures.peak_bytes += 8;
    let comparison = memory_baseline::compare(&grown, target.path(), "b")
        .unwrap()
        .unwrap();
    assert_eq!(comparison.changes.len(), pass.records.len());
    let changed = comparison.changed_rows();
    assert_eq!(changed.len(), 1, "only the changed point: {changed:?}");
    assert_eq!(changed[0][0], key);
    assert!(changed[0][2].starts_with("+8 ("), "{:?}", changed[0]);
}

/// A paired pass over the range seed in opaque mode: `lazy` and `rayon_sum` within 1 % of
/// each other round by round, `vec` 10× slower; counting costs `vec` 0.5 %.
fn fixed_paired() -> PairedPass {
    use sumbench::measure::StrategyResult;
    use sumbench::stats::PairedRatio;
    let lazy: Vec<u64> = (0..15).map(|r| 45_000_000 + r * 100_000).collect();
    let rayon = super::within_one_percent(&lazy);
    let vec: Vec<u64> = lazy.iter().map(|t| t * 10).collect();
    let base = super::fixed_report().results[0].clone();
    let result = |strategy: &str, median_ns: u64, allocations: u64, cost: f64| StrategyResult {
        strategy: strategy.to_owned(),
        time: sumbench::measure::TimeFigures {
            median_ns,
            ..base.time
        },
        memory: sumbench::measure::MemoryFigures {
            allocations,
            ..base.memory
        },
        counting: sumbench::measure::CountingCost {
            counting_cost_percent: cost,
            counting_cost_low_percent: cost - 0.2,
            counting_cost_high_percent: cost + 0.2,
            counting_off_effect_percent: allocations as f64 * 0.3 / median_ns as f64 * 100.0,
        },
        mode: Some(Mode::Opaque),
        ..base.clone()
    };
    PairedPass {
        machine: fixed_report().machine,
        seed: 11,
        groups: vec![crate::suite::paired::PairedGroup {
            group: Group::Seed,
            mode: Mode::Opaque,
            results: vec![
                result("vec", 450_000_000, 1, 0.5),
                result("lazy", 45_000_000, 0, 0.0),
                result("rayon_sum", 45_000_000, 0, 0.1),
            ],
            ratios: vec![
                PairedRatio::of("vec", &vec, "lazy", &lazy).unwrap(),
                PairedRatio::of("vec", &vec, "rayon_sum", &rayon).unwrap(),
                PairedRatio::of("lazy", &lazy, "rayon_sum", &rayon).unwrap(),
            ],
            noise: Some(sumbench::stats::NoiseFloor::of(
                PairedRatio::of("vec", &vec, "vec", &vec).unwrap(),
            )),
        }],
    }
}

#[test]
fn the_paired_pass_decides_ties_and_gives_the_counting_cost() {
    let (pass, estimates) = fixed_inputs();
    let paired = fixed_paired();
    let report = build(&pass, &estimates, Some(&paired));
    let range = report
        .tradeoffs
        .iter()
        .find(|t| t.workload == Workload::Range)
        .unwrap();
    assert_eq!(range.ratios.len(), 3);
    assert_eq!(range.ratios[2].numerator, "lazy (opaque)");
    let verdict = range.verdict.as_ref().unwrap();
    // criterion's synthetic estimates are equal for every opaque point at n = 10^7; the
    // paired pass ties lazy and rayon_sum and puts vec behind both.
    assert!(
        verdict.fastest.contains(&"lazy (opaque)".to_owned()),
        "{verdict:?}"
    );
    assert!(
        verdict.fastest.contains(&"rayon_sum (opaque)".to_owned()),
        "{verdict:?}"
    );
    assert!(!verdict.fastest.contains(&"vec (opaque)".to_owned()));
    assert_eq!(report.overhead.len(), 3);
    let vec = &report.overhead[0];
    assert_eq!(vec.strategy, "vec (opaque)");
    assert_eq!(vec.cost_percent, 0.5);
    // One allocation at 10 ns extra on 450 ms.
    let expected = 10.0 / 450_000_000.0 * 100.0;
    assert!((vec.predicted_percent.unwrap() - expected).abs() < 1e-12);
    let page = super::super::page::page(&report, &[], &Extras::default()).markdown();
    assert!(page.contains("comes from the paired pass"), "{page}");
    assert!(page.contains("seed 11"));
    assert!(page.contains("Control: lazy (opaque), rayon_sum (opaque) make no allocation"));
}
