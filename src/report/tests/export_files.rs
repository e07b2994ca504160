//! The report's exports for trackers and spreadsheets: bench.bmf.json and bench.csv against bench.json.

use super::*;

#[test]
fn the_bmf_file_has_every_measured_point_with_the_figures_of_bench_json() {
    let (mut pass, mut estimates) = fixed_inputs();
    // A point the memory pass skipped keeps its time; one with neither is left out.
    let skipped = "seed-opaque/vec_push/10000000".to_owned();
    pass.records.remove(&skipped);
    pass.skipped
        .insert(skipped.clone(), "does not fit".to_owned());
    let untimed = "chunk_size-opaque/chunks_collected/10".to_owned();
    estimates.remove(&untimed);
    pass.records.remove(&untimed);
    let report = build(&pass, &estimates, None);
    let dir = tempfile::tempdir().unwrap();
    write(&report, dir.path(), &Extras::default()).unwrap();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let bmf = super::read_back::bmf_metrics(&read(BMF_FILE));
    let json: BenchReport = serde_json::from_str(&read("bench.json")).unwrap();
    let mut expected_benchmarks = 0;
    for point in &json.points {
        let name = format!("bench/{}", point.key);
        let mut expected = BTreeMap::new();
        if let Some(time) = &point.time {
            expected.insert(
                "latency",
                (time.point_ns, Some(time.lower_ns), Some(time.upper_ns)),
            );
            if let Some(bytes) = point.input_bytes {
                let rate = |ns: f64| bytes as f64 * 1e3 / ns;
                expected.insert(
                    "throughput",
                    (
                        rate(time.point_ns),
                        Some(rate(time.upper_ns)),
                        Some(rate(time.lower_ns)),
                    ),
                );
            }
        }
        if let Some(m) = &point.memory {
            for (slug, value) in [
                ("peak-heap", m.peak_bytes),
                ("peak-rss", m.peak_rss_bytes),
                ("allocations", m.allocations),
                ("bytes-allocated", m.bytes_allocated),
            ] {
                expected.insert(slug, (value as f64, None, None));
            }
        }
        if expected.is_empty() {
            assert!(!bmf.contains_key(&name), "{name} has no figure");
            continue;
        }
        expected_benchmarks += 1;
        let metrics = &bmf[&name];
        assert_eq!(metrics.len(), expected.len(), "{name}: {metrics:?}");
        // serde_json reads a real number back to within an ulp of what it wrote.
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs());
        for (slug, (value, lower, upper)) in expected {
            let (v, l, u) = metrics[slug];
            assert!(
                close(v, value)
                    && lower.is_some() == l.is_some()
                    && lower.zip(l).is_none_or(|(a, b)| close(a, b))
                    && upper.zip(u).is_none_or(|(a, b)| close(a, b)),
                "{name} {slug}: {:?} against {:?}",
                metrics[slug],
                (value, lower, upper)
            );
        }
    }
    assert_eq!(bmf.len(), expected_benchmarks);
    assert!(!bmf.contains_key(&format!("bench/{untimed}")));
    assert_eq!(
        bmf[&format!("bench/{skipped}")].keys().collect::<Vec<_>>(),
        ["latency"]
    );
    assert!(bmf["bench/seed-opaque/vec/10000000"].contains_key("peak-heap"));
    assert!(
        bmf.keys()
            .any(|k| k.starts_with("bench/file-seed/") && bmf[k].contains_key("throughput"))
    );
}

#[test]
fn bench_csv_columns_are_the_json_point_fields_and_the_machine() {
    let (pass, estimates) = fixed_inputs();
    let report = build(&pass, &estimates, None);
    let json: serde_json::Value = serde_json::from_str(&exports::json(&report).unwrap()).unwrap();
    let header = csv_header(&exports::csv(&report).unwrap());
    // `memory`'s figures keep their names; `time`'s are `time_` and the field, criterion's
    // point estimate being `time_ns`.
    let flattened = |parent: &str, field: &str| match parent {
        "memory" => field.to_owned(),
        _ => format!("{parent}_{}", field.trim_start_matches("point_")),
    };
    let point = json["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["time"].is_object() && p["memory"].is_object())
        .unwrap();
    let mut expected = field_names(point, &flattened);
    expected.extend(field_names(&json["machine"], &flattened));
    assert_eq!(header.iter().cloned().collect::<BTreeSet<_>>(), expected);
    assert_eq!(header.len(), expected.len(), "a column twice: {header:?}");
}
