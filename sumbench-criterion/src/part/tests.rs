use super::*;
use crate::group::IntoBenchmarkId;

/// The plan of benchmarks added without a throughput.
fn without_throughput(group: &str, ids: &[BenchmarkId]) -> (Vec<Part>, bool) {
    plan(group, ids, &vec![None; ids.len()])
}

#[test]
fn numeric_parameters_make_a_sweep_of_one_comparison_per_value() {
    let ids = [
        BenchmarkId::new("encode", 3),
        BenchmarkId::new("decode", 3),
        BenchmarkId::new("encode", 50),
    ];
    let (parts, sweep) = without_throughput("b64", &ids);
    assert!(sweep);
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].title, "b64");
    assert_eq!(parts[0].size, Some(3));
    assert_eq!(
        parts[0].members,
        [
            ("encode/3".to_owned(), "encode".to_owned()),
            ("decode/3".to_owned(), "decode".to_owned())
        ]
    );
    assert_eq!(parts[1].size, Some(50));
    // What a worker reads back is what the parent wrote.
    let env = parts[1].to_env();
    assert_eq!(
        Part::from_env(env.to_str().unwrap()),
        Some(parts[1].clone())
    );
}

#[test]
fn other_parameters_are_comparisons_of_their_own_and_no_parameter_one_comparison() {
    let ids = [
        BenchmarkId::new("f", "small"),
        BenchmarkId::new("g", "small"),
        BenchmarkId::new("f", "large"),
    ];
    let (parts, sweep) = without_throughput("g", &ids);
    assert!(!sweep);
    assert_eq!(parts[0].title, "g/small");
    assert_eq!(parts[1].title, "g/large");
    assert_eq!(parts[0].size, None);
    assert_eq!(parts[0].members.len(), 2);
    // One numeric value is no sweep.
    let (parts, sweep) = without_throughput("g", &[BenchmarkId::new("f", 10)]);
    assert!(!sweep);
    assert_eq!(parts[0].title, "g/10");
    // Without parameters, the group is one comparison, named by the functions; a bare
    // parameter names the strategy after the group.
    let ids = ["a".into_benchmark_id(), "b".into_benchmark_id()];
    let (parts, _) = without_throughput("g", &ids);
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].members[1], ("b".to_owned(), "b".to_owned()));
    let (parts, sweep) = without_throughput(
        "fib",
        &[
            BenchmarkId::from_parameter(10),
            BenchmarkId::from_parameter(20),
        ],
    );
    assert!(sweep);
    assert_eq!(parts[1].members, [("20".to_owned(), "fib".to_owned())]);
}

#[test]
fn a_long_name_gets_a_bounded_folder_of_its_own() {
    let long = format!("g/{}", f64::MAX);
    let other = format!("g/{}", f64::MAX / 3.0);
    assert!(folder(&long).len() <= MAX_FOLDER);
    assert_ne!(folder(&long), folder(&other));
    assert_eq!(folder("short name"), "short-name");
}

#[test]
fn values_of_one_benchmark_each_are_compared_with_each_other() {
    // One function over text or float values: the values are the strategies.
    let ids = [BenchmarkId::new("f", "small"), BenchmarkId::new("f", 2.5)];
    let (parts, sweep) = without_throughput("g", &ids);
    assert!(!sweep);
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].title, "g");
    assert_eq!(
        parts[0].members,
        [
            ("f/small".to_owned(), "small".to_owned()),
            ("f/2.5".to_owned(), "2.5".to_owned())
        ]
    );
    // Different functions, one at each value: named by their whole ids.
    let ids = [
        BenchmarkId::new("to_f32", 1.5),
        BenchmarkId::new("to_f64", 1.5f64.sqrt()),
    ];
    let (parts, _) = without_throughput("g", &ids);
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].members[0].1, "to_f32/1.5");
    // Bare parameters that are not a sweep.
    let ids = [
        BenchmarkId::from_parameter("a"),
        BenchmarkId::from_parameter("b"),
    ];
    let (parts, _) = without_throughput("g", &ids);
    assert_eq!(parts[0].members[1], ("b".to_owned(), "b".to_owned()));
}

#[test]
fn a_throughput_the_members_share_is_the_comparisons() {
    let ids = [BenchmarkId::new("encode", 3), BenchmarkId::new("decode", 3)];
    let (parts, _) = plan("b64", &ids, &[Some(Throughput::Bytes(3)); 2]);
    assert_eq!(parts[0].amounts, (None, Some(3)));
    let env = parts[0].to_env();
    assert_eq!(
        Part::from_env(env.to_str().unwrap()),
        Some(parts[0].clone())
    );
    let both = Throughput::ElementsAndBytes {
        elements: 2,
        bytes: 8,
    };
    let (parts, _) = plan("b64", &ids, &[Some(both); 2]);
    assert_eq!(parts[0].amounts, (Some(2), Some(8)));
    // Members that differ, or one without: the comparison gives none.
    let (parts, _) = plan("b64", &ids, &[Some(Throughput::Elements(3)), None]);
    assert_eq!(parts[0].amounts, (None, None));
}

#[test]
fn values_compared_with_each_other_keep_a_throughput_they_share() {
    let ids = [BenchmarkId::new("f", 0.5), BenchmarkId::new("f", 2.5)];
    let (parts, _) = plan("g", &ids, &[Some(Throughput::Elements(4)); 2]);
    assert_eq!(parts[0].amounts, (Some(4), None));
    let (parts, _) = plan(
        "g",
        &ids,
        &[Some(Throughput::Elements(4)), Some(Throughput::Elements(8))],
    );
    assert_eq!(parts[0].amounts, (None, None));
}
