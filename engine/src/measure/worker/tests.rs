use super::remote::is_backtrace;
use super::*;
use crate::measure::About;

#[test]
fn two_runs_of_one_program_with_the_same_names_are_told_apart() {
    let contenders = [Contender::new("iter", || Ok(1u64))];
    let small = Case::new(About::default(), 1u64).identified_by(1);
    let large = Case::new(About::default(), 1u64).identified_by(2);
    assert_ne!(
        fingerprint(&contenders, &small),
        fingerprint(&contenders, &large)
    );
    assert_eq!(
        fingerprint(&contenders, &small),
        fingerprint(
            &contenders,
            &Case::new(About::default(), 1u64).identified_by(1)
        )
    );
}

#[test]
fn a_failure_is_one_line_and_backtraces_are_not_last_words() {
    assert_eq!(
        one_line("assertion failed\n  left: 1\n\n right: 2\n"),
        "assertion failed; left: 1; right: 2"
    );
    assert!(is_backtrace("   0: __rustc::rust_begin_unwind"));
    assert!(is_backtrace(
        "             at /rustc/library/std/src/panicking.rs:689:5"
    ));
    assert!(!is_backtrace(
        "memory allocation of 32212254720 bytes failed"
    ));
}
