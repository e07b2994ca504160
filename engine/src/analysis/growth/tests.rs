use super::*;
use crate::stats::PairedRatio;

fn sizes() -> [f64; 5] {
    [1e3, 1e4, 1e5, 1e6, 1e7]
}

#[test]
fn exact_exponents_on_synthetic_data() {
    let linear: Vec<_> = sizes().iter().map(|&n| (n, 4.5 * n)).collect();
    let quadratic: Vec<_> = sizes().iter().map(|&n| (n, 2.0 * n * n)).collect();
    let constant: Vec<_> = sizes().iter().map(|&n| (n, 30.0)).collect();
    let root: Vec<_> = sizes().iter().map(|&n| (n, n.sqrt())).collect();
    assert!((power_law_exponent(&linear).unwrap() - 1.0).abs() < 1e-12);
    assert!((power_law_exponent(&quadratic).unwrap() - 2.0).abs() < 1e-12);
    assert!(power_law_exponent(&constant).unwrap().abs() < 1e-12);
    assert!((power_law_exponent(&root).unwrap() - 0.5).abs() < 1e-12);
}

#[test]
fn degenerate_inputs_are_not_fitted() {
    assert_eq!(power_law_exponent(&[]), None);
    assert_eq!(power_law_exponent(&[(10.0, 1.0)]), None);
    assert_eq!(power_law_exponent(&[(10.0, 1.0), (10.0, 2.0)]), None);
    assert_eq!(power_law_exponent(&[(10.0, 0.0), (100.0, 2.0)]), None);
}

#[test]
fn a_growth_fit_gives_the_exponents_and_the_range_the_intervals_allow() {
    let points: Vec<AtSize> = [1_000u64, 10_000, 100_000]
        .iter()
        .map(|&size| AtSize {
            size,
            median_ns: 2.0 * size as f64,
            interval_ns: (1.9 * size as f64, 2.1 * size as f64),
            peak_bytes: 8 * size,
        })
        .collect();
    let growth = Growth::fit("vec", &points);
    assert!((growth.time_exponent.unwrap() - 1.0).abs() < 1e-12);
    assert!((growth.peak_exponent.unwrap() - 1.0).abs() < 1e-12);
    let (low, high) = growth.time_exponent_range.unwrap();
    // Three sizes a decade apart: the weights are ∓1/(2·ln 10) at the ends and 0 in the
    // middle, so the extremes take the ends' opposite interval ends.
    let expected_low = (1.9e5f64 / 2.1e3).ln() / 100f64.ln();
    let expected_high = (2.1e5f64 / 1.9e3).ln() / 100f64.ln();
    assert!((low - expected_low).abs() < 1e-12, "{low}");
    assert!((high - expected_high).abs() < 1e-12, "{high}");
    assert!(low < 1.0 && 1.0 < high);
    // The fit of the medians lies inside its range, whatever the points.
    let uneven = [
        AtSize {
            size: 1_000,
            median_ns: 10.9e3,
            interval_ns: (10.8e3, 11.0e3),
            peak_bytes: 0,
        },
        AtSize {
            size: 10_000,
            median_ns: 196e3,
            interval_ns: (195e3, 197e3),
            peak_bytes: 0,
        },
        AtSize {
            size: 100_000,
            median_ns: 2.44e6,
            interval_ns: (2.43e6, 2.44e6),
            peak_bytes: 0,
        },
        AtSize {
            size: 1_000_000,
            median_ns: 28.6e6,
            interval_ns: (28.3e6, 29.2e6),
            peak_bytes: 0,
        },
    ];
    let fitted = Growth::fit("sort", &uneven);
    let (low, high) = fitted.time_exponent_range.unwrap();
    let k = fitted.time_exponent.unwrap();
    assert!(low <= k && k <= high, "{low} {k} {high}");
    assert_eq!(exponent_text(growth.time_exponent), "n^1.00");

    let flat: Vec<AtSize> = points
        .iter()
        .map(|p| AtSize {
            peak_bytes: 0,
            ..*p
        })
        .collect();
    assert_eq!(Growth::fit("in_place", &flat).peak_exponent, Some(0.0));
    assert_eq!(Growth::fit("one", &points[..1]).time_exponent, None);
    assert_eq!(Growth::fit("one", &points[..1]).time_exponent_range, None);
}

/// Paired ratios of `a` over `b` per size, all with the same per-round ratio.
fn ratios(per_size: &[f64]) -> Vec<Vec<PairedRatio>> {
    per_size
        .iter()
        .map(|&ratio| {
            let a = vec![ratio; 20];
            let b = vec![1.0; 20];
            vec![PairedRatio::of("a", &a, "b", &b).unwrap()]
        })
        .collect()
}

#[test]
fn the_order_changes_where_one_is_faster_and_then_the_other() {
    let sizes = [10, 100, 1_000, 10_000];
    // a faster, tied, tied, slower: one change, bracketed by the sizes where it is resolved.
    let changes = order_changes(&sizes, &ratios(&[0.5, 1.0, 1.001, 2.0]));
    assert_eq!(
        changes,
        [OrderChange {
            faster_below: "a".into(),
            faster_above: "b".into(),
            below: 10,
            above: 10_000,
        }]
    );
    assert_eq!(
        changes[0].sentence("n"),
        "a is faster up to n = 10, b from n = 10,000"
    );
    // b faster first, then a.
    let changes = order_changes(&sizes, &ratios(&[2.0, 2.0, 0.5, 0.5]));
    assert_eq!(
        (
            changes[0].faster_below.as_str(),
            changes[0].below,
            changes[0].above
        ),
        ("b", 100, 1_000)
    );
    // Always the same order, or tied: no change.
    assert!(order_changes(&sizes, &ratios(&[0.5, 0.5, 1.0, 0.5])).is_empty());
    assert!(order_changes(&sizes, &ratios(&[1.0; 4])).is_empty());
}
