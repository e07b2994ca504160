//! The statistics against answers known in advance.

use super::*;

fn ranks(n: usize) -> (f64, Interval) {
    let values: Vec<f64> = (1..=n).map(|i| i as f64).collect();
    median_interval(&values).unwrap()
}

#[test]
fn order_statistic_intervals_match_the_binomial_tables() {
    // n = 10: [x(2), x(9)], coverage 1 − 2·11/1024.
    let (median, interval) = ranks(10);
    assert_eq!(median, 5.5);
    assert_eq!((interval.low, interval.high), (2.0, 9.0));
    assert!((interval.coverage - (1.0 - 22.0 / 1024.0)).abs() < 1e-12);
    // n = 100: the textbook ranks 40 and 61.
    let (median, interval) = ranks(100);
    assert_eq!(median, 50.5);
    assert_eq!((interval.low, interval.high), (40.0, 61.0));
    assert!(interval.coverage >= CONFIDENCE && interval.coverage < 0.97);
    // Below 6 values no interval reaches 95 %: the range, with its true coverage.
    let (median, interval) = ranks(5);
    assert_eq!(median, 3.0);
    assert_eq!((interval.low, interval.high), (1.0, 5.0));
    assert!((interval.coverage - 0.9375).abs() < 1e-12);
    let (_, interval) = ranks(1);
    assert_eq!(
        (interval.low, interval.high, interval.coverage),
        (1.0, 1.0, 0.0)
    );
    assert!(median_interval(&[]).is_none());
    // Unsorted input gives the same answer.
    let (median, interval) =
        median_interval(&[9.0, 1.0, 5.0, 3.0, 7.0, 2.0, 8.0, 4.0, 6.0, 10.0]).unwrap();
    assert_eq!((median, interval.low, interval.high), (5.5, 2.0, 9.0));
}

#[test]
fn intervals_cover_the_true_median_as_often_as_they_claim_on_skewed_data() {
    // Exponential times (median ln 2), far from normal: 4,000 intervals of 15 values.
    let mut rng = fastrand::Rng::with_seed(7);
    let true_median = std::f64::consts::LN_2;
    let trials = 4_000;
    let mut covered = 0;
    let mut claimed = 0.0;
    for _ in 0..trials {
        let values: Vec<f64> = (0..15).map(|_| -(1.0 - rng.f64()).ln()).collect();
        let (_, interval) = median_interval(&values).unwrap();
        claimed = interval.coverage;
        if interval.low <= true_median && true_median <= interval.high {
            covered += 1;
        }
    }
    let rate = f64::from(covered) / f64::from(trials);
    // Binomial noise on 4,000 trials is about ±0.7 % (two standard errors).
    assert!(
        (rate - claimed).abs() < 0.01,
        "covered {rate}, claimed {claimed}"
    );
}

#[test]
fn a_ratio_whose_interval_straddles_the_threshold_is_a_tie() {
    let base: Vec<u64> = (0..12).map(|i| 1_000_000 + i * 1_000).collect();
    // 1 % faster in every round: resolved, but below the practical threshold.
    let close: Vec<u64> = base.iter().map(|t| t * 99 / 100).collect();
    let pair = PairedRatio::of("a", &close, "b", &base).unwrap();
    assert!((pair.median - 0.99).abs() < 1e-3);
    assert_eq!(pair.order(), TimeOrder::Tied);
    // Half the time in every round: faster, and the other way up, slower.
    let half: Vec<u64> = base.iter().map(|t| t / 2).collect();
    let pair = PairedRatio::of("a", &half, "b", &base).unwrap();
    assert_eq!(pair.order(), TimeOrder::Faster);
    let inverse = pair.inverse();
    assert_eq!(
        (inverse.numerator.as_str(), inverse.order()),
        ("b", TimeOrder::Slower)
    );
    assert!((inverse.median - 2.0).abs() < 1e-9);
    // Faster in most rounds but 20 % slower in some: the interval reaches past 1.
    let mixed: Vec<u64> = base
        .iter()
        .enumerate()
        .map(|(i, t)| if i % 3 == 0 { t * 12 / 10 } else { t * 8 / 10 })
        .collect();
    let pair = PairedRatio::of("a", &mixed, "b", &base).unwrap();
    assert!(pair.median < 1.0);
    assert_eq!(pair.order(), TimeOrder::Tied, "{pair:?}");
    // Series that cannot be paired.
    assert!(PairedRatio::of("a", &base[..3], "b", &base).is_none());
    assert!(PairedRatio::of("a", &[1], "b", &[0]).is_none());
}

#[test]
fn pairing_cancels_a_drift_that_unpaired_medians_keep() {
    // The machine slows down round after round; a is 10 % faster in every round.
    let b: Vec<u64> = (0..10).map(|round| 1_000 * (10 + round * 3)).collect();
    let a: Vec<u64> = b.iter().map(|t| t * 9 / 10).collect();
    let pair = PairedRatio::of("a", &a, "b", &b).unwrap();
    assert_eq!(pair.order(), TimeOrder::Faster);
    assert!((pair.interval.high - 0.9).abs() < 1e-9);
    // Unpaired, the two medians' intervals overlap: the drift hides the difference.
    let to_f64 = |v: &[u64]| v.iter().map(|&t| t as f64).collect::<Vec<_>>();
    let (_, a_interval) = median_interval(&to_f64(&a)).unwrap();
    let (_, b_interval) = median_interval(&to_f64(&b)).unwrap();
    assert!(a_interval.high > b_interval.low);
}

#[test]
fn an_a_a_pair_gives_the_noise_floor() {
    let first: Vec<u64> = vec![100, 104, 98, 101, 99, 103, 97, 100, 102, 100];
    let second: Vec<u64> = vec![101, 100, 99, 100, 103, 99, 100, 98, 100, 101];
    let floor = NoiseFloor::of(PairedRatio::of("lazy", &first, "lazy", &second).unwrap());
    let reach = (floor.pair.interval.high - 1.0).max(1.0 - floor.pair.interval.low);
    assert!((floor.resolution_percent - reach * 100.0).abs() < 1e-9);
    assert!(floor.resolution_percent > 0.0 && floor.resolution_percent < 5.0);
    assert!(floor.sentence().contains("cannot be resolved"));
    // Identical series: nothing to resolve below, a floor of 0.
    let same = NoiseFloor::of(PairedRatio::of("x", &first, "x", &first).unwrap());
    assert_eq!(same.resolution_percent, 0.0);
}

#[test]
fn a_resolved_difference_is_one_beyond_the_users_threshold_and_a_tie_within_it() {
    // 1 % faster in every round, with a little noise: resolved to about ±0.1 %.
    let mut rng = fastrand::Rng::with_seed(3);
    let base: Vec<f64> = (0..400)
        .map(|_| 3_000.0 * (1.0 + rng.f64() * 0.002))
        .collect();
    let close: Vec<f64> = base
        .iter()
        .map(|t| t * 0.99 * (1.0 + (rng.f64() - 0.5) * 0.002))
        .collect();
    let pair = PairedRatio::of("a", &close, "b", &base).unwrap();
    assert!(
        pair.interval.high < 0.995 && pair.interval.low > 0.985,
        "{pair:?}"
    );
    assert_eq!(pair.clone().judged_at(0.005).order(), TimeOrder::Faster);
    assert_eq!(
        pair.clone().judged_at(0.005).inverse().order(),
        TimeOrder::Slower
    );
    // At the default 1 % and at 3 % the same difference is too small to matter.
    assert_eq!(pair.threshold, DEFAULT_THRESHOLD);
    assert_eq!(pair.order(), TimeOrder::Tied);
    assert_eq!(pair.judged_at(0.03).order(), TimeOrder::Tied);
    // An A/A pair of the same noise stays tied at 0.5 %.
    let again: Vec<f64> = base
        .iter()
        .map(|t| t * (1.0 + (rng.f64() - 0.5) * 0.002))
        .collect();
    let aa = PairedRatio::of("a", &again, "a", &base)
        .unwrap()
        .judged_at(0.005);
    assert_eq!(aa.order(), TimeOrder::Tied, "{aa:?}");
}

#[test]
fn quantised_readings_never_claim_an_exact_ratio() {
    // Every call read as one tick of 10 ns, or the next: 60 ns and 70 ns. The ratio's
    // order statistics are all 60/70, an interval of no width.
    let a = vec![60u64; 1_000];
    let b = vec![70u64; 1_000];
    let pair = PairedRatio::of("a", &a, "b", &b).unwrap();
    assert_eq!(pair.interval.low, pair.interval.high);
    // Widened by the clock's relative step in each series (10 ns of 60 and of 70).
    let step = 10.0 / 60.0 + 10.0 / 70.0;
    let widened = pair.widened(step);
    assert!((widened.interval.low - 6.0 / 7.0 * (1.0 - step)).abs() < 1e-12);
    assert!((widened.interval.high - 6.0 / 7.0 * (1.0 + step)).abs() < 1e-12);
    assert_eq!(widened.order(), TimeOrder::Tied, "{widened:?}");
    // An A/A pair of identical readings gives a floor of the step, never 0 %.
    let floor = NoiseFloor::of(
        PairedRatio::of("a", &a, "a", &a)
            .unwrap()
            .widened(2.0 / 6.0 * 0.1),
    );
    assert!(floor.resolution_percent > 3.0, "{floor:?}");
}

#[test]
fn an_interval_shows_the_decimals_that_tell_it_from_one() {
    let mut pair = PairedRatio::of("a", &[99u64; 10], "b", &[100u64; 10]).unwrap();
    pair.interval.low = 0.9881;
    pair.interval.high = 0.9918;
    assert_eq!(pair.interval_text(), "0.988–0.992");
    pair.interval.low = 0.91;
    pair.interval.high = 1.06;
    assert_eq!(pair.interval_text(), "0.91–1.06");
}
