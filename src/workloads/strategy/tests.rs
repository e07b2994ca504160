use super::*;

#[test]
fn expected_sum_matches_the_seed_and_the_u64_limit() {
    assert_eq!(expected_sum(10_000_000), Some(49_999_995_000_000));
    assert_eq!(expected_sum(0), Some(0));
    assert_eq!(expected_sum(1), Some(0));
    assert_eq!(expected_sum(2), Some(1));
    assert!(expected_sum(6_074_001_000).is_some());
    assert_eq!(expected_sum(6_074_001_001), None);
}
