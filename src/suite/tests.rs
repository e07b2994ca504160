use super::*;

#[test]
fn scaling_goes_by_decades() {
    assert_eq!(
        scaling_sizes(10_000_000),
        [1_000, 10_000, 100_000, 1_000_000, 10_000_000]
    );
    assert_eq!(scaling_sizes(1_000), [1_000]);
    assert_eq!(scaling_sizes(1_000_000_000).len(), 7);
}

#[test]
fn the_largest_size_is_checked() {
    assert_eq!(parse_max_n("1_000_000_000"), Ok(1_000_000_000));
    assert_eq!(parse_max_n("100000"), Ok(100_000));
    for bad in ["999", "2000000000", "ten", "-5", ""] {
        let error = parse_max_n(bad).unwrap_err();
        assert!(error.contains("SUMBENCH_MAX_N"), "{error}");
    }
}

#[test]
fn every_strategy_is_in_every_group_it_belongs_to() {
    let points = counting_points(DEFAULT_MAX_N);
    for strategy in range() {
        let of = |group: Group| {
            points
                .iter()
                .filter(|p| p.group == group && p.strategy.name() == strategy.name())
                .count()
        };
        assert_eq!(of(Group::Seed), 2);
        assert_eq!(of(Group::Scaling), 2 * 5);
        let chunked = if strategy.chunked() {
            CHUNK_SIZES.len()
        } else {
            0
        };
        assert_eq!(of(Group::ChunkSize), chunked);
    }
    for strategy in workloads::of(Workload::File) {
        let of = |group: Group| {
            points
                .iter()
                .filter(|p| p.group == group && p.strategy.name() == strategy.name())
                .count()
        };
        assert_eq!(of(Group::FileSeed), 1);
        assert_eq!(of(Group::FileScaling), 5);
        let chunked = if strategy.chunked() {
            FILE_CHUNK_SIZES.len()
        } else {
            0
        };
        assert_eq!(of(Group::FileChunkSize), chunked);
        assert_eq!(of(Group::Seed), 0);
    }
}

#[test]
fn keys_are_unique_and_name_criterion_ids() {
    let mut keys: Vec<String> = counting_points(DEFAULT_MAX_N)
        .iter()
        .map(Point::key)
        .collect();
    assert!(keys.contains(&"seed-opaque/vec/10000000".to_owned()));
    assert!(keys.contains(&"chunk_size-opaque/reused_buffer/100".to_owned()));
    assert!(keys.contains(&"file-seed/mmap/10000000".to_owned()));
    assert!(keys.contains(&"file-chunk_size/chunked/65536".to_owned()));
    let count = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), count);
}

#[test]
fn points_that_do_not_fit_are_skipped() {
    let vec = point(
        Group::Scaling,
        workloads::REGISTRY[0],
        Mode::Opaque,
        1_000_000_000,
    );
    assert!(fits(&vec, Some(8_000_000_000)));
    assert!(!fits(&vec, Some(7_999_999_999)));
    assert!(fits(&vec, None));
}

#[test]
fn the_scaling_point_at_the_seed_size_is_the_seed_point() {
    let points = counting_points(DEFAULT_MAX_N);
    let twins: Vec<(String, String)> = points
        .iter()
        .filter_map(|p| Some((p.key(), p.seed_twin()?)))
        .collect();
    let keys: Vec<String> = points.iter().map(Point::key).collect();
    // One per strategy and mode of the range, one per file strategy.
    assert_eq!(
        twins.len(),
        2 * range().count() + workloads::of(Workload::File).count()
    );
    for (scaling, seed) in &twins {
        assert!(keys.contains(seed), "{scaling} → {seed}");
        assert!(scaling.ends_with("/10000000") && seed.ends_with("/10000000"));
    }
    assert!(twins.contains(&(
        "scaling-opaque/vec/10000000".to_owned(),
        "seed-opaque/vec/10000000".to_owned()
    )));
}
