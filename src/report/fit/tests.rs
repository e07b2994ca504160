use super::*;
use crate::workloads::strategy::Mode;

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
fn a_growing_strategy_and_a_folded_one() {
    let vec_times: Vec<_> = sizes().iter().map(|&n| (n, 4.6 * n)).collect();
    let vec_peaks: Vec<_> = sizes().iter().map(|&n| (n, 8.0 * n)).collect();
    let vec = Complexity::fit("vec", Mode::AsWritten, &vec_times, &vec_peaks);
    assert_eq!(vec.summary(), "time ~ n^1.00, peak ~ n^1.00");
    assert!(!vec.folded);
    assert_eq!(vec.warning(), None);

    let lazy_times: Vec<_> = sizes().iter().map(|&n| (n, 25.0)).collect();
    let lazy_peaks: Vec<_> = sizes().iter().map(|&n| (n, 0.0)).collect();
    let lazy = Complexity::fit("lazy", Mode::AsWritten, &lazy_times, &lazy_peaks);
    assert_eq!(lazy.summary(), "time ~ n^0, peak ~ n^0");
    assert!(lazy.folded);
    assert!(lazy.warning().unwrap().contains("folded"));
}
