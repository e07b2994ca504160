//! Reading exported text back in tests: a CSV header, a JSON object's field names, a BMF
//! document's metrics, a github-action-benchmark list. Plain text in, plain values out, so
//! the application's tests include this same file.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The header row of a CSV text.
pub fn csv_header(text: &str) -> Vec<String> {
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect()
}

/// The names of a JSON object's fields, those of a nested object named by
/// `nested(parent, field)`.
pub fn field_names(object: &Value, nested: &dyn Fn(&str, &str) -> String) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (name, value) in object.as_object().expect("a JSON object") {
        match value.as_object() {
            Some(inner) => names.extend(inner.keys().map(|field| nested(name, field))),
            None => {
                names.insert(name.clone());
            }
        }
    }
    names
}

/// A BMF metric: its value and the bounds it has.
pub type Bounds = (f64, Option<f64>, Option<f64>);

/// BMF's documented shape checked: an object of benchmarks, each a non-empty object of
/// measures, each an object with a numeric `value` and optional numeric `lower_value` and
/// `upper_value` around it, and nothing else. Returns every metric by benchmark and measure.
pub fn bmf_metrics(text: &str) -> BTreeMap<String, BTreeMap<String, Bounds>> {
    let document: Value = serde_json::from_str(text).unwrap();
    let benchmarks = document
        .as_object()
        .expect("BMF is an object of benchmarks");
    assert!(!benchmarks.is_empty());
    let mut found = BTreeMap::new();
    for (name, measures) in benchmarks {
        let measures = measures.as_object().expect("a benchmark is an object");
        assert!(!measures.is_empty(), "{name} has no measure");
        let mut metrics = BTreeMap::new();
        for (slug, metric) in measures {
            let metric = metric.as_object().expect("a measure is an object");
            for key in metric.keys() {
                assert!(
                    ["value", "lower_value", "upper_value"].contains(&key.as_str()),
                    "{name} {slug}: unexpected {key}"
                );
            }
            let number = |key: &str| {
                metric.get(key).map(|v| {
                    v.as_f64()
                        .unwrap_or_else(|| panic!("{name} {slug}: {key} is not a number"))
                })
            };
            let value = number("value").expect("a metric has a value");
            let (lower, upper) = (number("lower_value"), number("upper_value"));
            assert!(lower.is_none_or(|l| l <= value), "{name} {slug}");
            assert!(upper.is_none_or(|u| value <= u), "{name} {slug}");
            metrics.insert(slug.clone(), (value, lower, upper));
        }
        found.insert(name.clone(), metrics);
    }
    found
}

/// github-action-benchmark's documented shape checked: an array of objects with a string
/// `name` and `unit`, a numeric `value`, string `range` and `extra` where given, and
/// nothing else. Returns each entry's unit and value by name.
pub fn benchmark_action_entries(text: &str) -> BTreeMap<String, (String, f64)> {
    let document: Value = serde_json::from_str(text).unwrap();
    let mut found = BTreeMap::new();
    for entry in document.as_array().expect("an array of entries") {
        let entry = entry.as_object().expect("an entry is an object");
        for key in entry.keys() {
            assert!(
                ["name", "unit", "value", "range", "extra"].contains(&key.as_str()),
                "unexpected {key}"
            );
        }
        let name = entry["name"].as_str().expect("a string name");
        let unit = entry["unit"].as_str().expect("a string unit");
        let value = entry["value"].as_f64().expect("a numeric value");
        for key in ["range", "extra"] {
            assert!(entry.get(key).is_none_or(Value::is_string), "{name} {key}");
        }
        assert!(
            found
                .insert(name.to_owned(), (unit.to_owned(), value))
                .is_none(),
            "{name} twice"
        );
    }
    found
}
