use super::*;

fn args(words: &str) -> BenchBaselines {
    BenchBaselines::from_args(words.split_whitespace().map(str::to_owned))
}

#[test]
fn criterion_arguments_choose_the_baselines() {
    let plain = args("strategies --bench");
    assert_eq!(
        (plain.compare.as_str(), plain.save.as_deref()),
        ("base", Some("base"))
    );
    let saved = args("strategies --bench --save-baseline before");
    assert_eq!(
        (saved.compare.as_str(), saved.save.as_deref()),
        ("before", Some("before"))
    );
    let compared = args("strategies --bench --baseline=before");
    assert_eq!((compared.compare.as_str(), compared.save), ("before", None));
}
