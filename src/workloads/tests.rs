use super::*;

#[test]
fn each_strategy_is_listed_under_its_workload() {
    let range: Vec<_> = of(Workload::Range).map(|s| s.name()).collect();
    let file: Vec<_> = of(Workload::File).map(|s| s.name()).collect();
    assert_eq!(range.len() + file.len(), REGISTRY.len());
    assert!(range.contains(&"vec") && file.contains(&"mmap"));
    // The registry lists a workload's strategies together, range first.
    let workloads: Vec<_> = REGISTRY.iter().map(|s| s.workload()).collect();
    assert!(workloads.is_sorted_by_key(|w| *w as u8));
}

#[test]
fn names_are_unique_and_findable() {
    for strategy in REGISTRY {
        let found = find(strategy.name()).expect("registered name is found");
        assert_eq!(found.description(), strategy.description());
    }
    let mut names: Vec<_> = REGISTRY.iter().map(|s| s.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), REGISTRY.len());
    assert!(find("no_such_strategy").is_none());
}
