use sumbench_page::fileset::folder_name;

#[test]
fn two_strategies_of_one_name_are_refused() {
    let input = 3u64;
    let comparison = super::Comparison::new("twice", &input)
        .expect(3)
        .strategy("same", |x| *x)
        .strategy("same", |x| *x);
    let args = <super::ComparisonArgs as clap::Parser>::parse_from(["twice"]);
    match comparison.run(&args) {
        Err(super::Failure::Usage(message)) => {
            assert!(message.contains("two strategies 'same'"), "{message}")
        }
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn names_that_cannot_be_shown_are_refused() {
    let input = 3u64;
    for (title, name, message) in [
        ("ok", "", "strategy name \"\" is empty"),
        ("ok", "   ", "is empty"),
        ("ok", "two\nlines", "holds a control character"),
        ("ok", "\u{1b}[2J", "holds a control character"),
        ("ok", "..", "names a folder"),
        ("", "fine", "comparison title \"\" is empty"),
        ("a\0b", "fine", "holds a control character"),
    ] {
        let comparison = super::Comparison::new(title, &input)
            .expect(3)
            .strategy(name, |x| *x);
        let args = <super::ComparisonArgs as clap::Parser>::parse_from(["names"]);
        match comparison.run(&args) {
            Err(super::Failure::Usage(text)) => assert!(text.contains(message), "{text}"),
            other => panic!("{name:?} not refused: {other:?}"),
        }
    }
}

#[test]
fn criterion_measures_only_under_cargo_bench() {
    let args = |list: &[&str]| list.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    assert!(!super::checks_only(args(&["bench", "--bench"]).into_iter()));
    assert!(super::checks_only(
        args(&["bench", "--bench", "--test"]).into_iter()
    ));
    assert!(super::checks_only(args(&["bench", "--list"]).into_iter()));
    // `cargo test --benches` passes no `--bench`.
    assert!(super::checks_only(args(&["bench"]).into_iter()));
}

#[test]
fn a_title_becomes_one_safe_folder_name() {
    assert_eq!(folder_name("Distinct words"), "distinct-words");
    assert_eq!(folder_name("sum of squares (u64)"), "sum-of-squares-u64");
    assert_eq!(folder_name("../../etc"), "etc");
    assert_eq!(folder_name("/"), "comparison");
}
