use super::*;
use crate::workloads::strategy::Mode;

fn sizes() -> [f64; 5] {
    [1e3, 1e4, 1e5, 1e6, 1e7]
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
