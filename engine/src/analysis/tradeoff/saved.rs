//! How verdicts saved in older reports read: a lone fastest name, and no threshold.

use serde::Deserialize;

use crate::stats::UNPAIRED_THRESHOLD;

/// Verdicts saved before thresholds were recorded used 3 %.
pub(super) fn saved_threshold_percent() -> f64 {
    UNPAIRED_THRESHOLD * 100.0
}

/// Reads `"name"` (as older reports saved the fastest) or `["name", …]`.
pub(super) fn one_or_many<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(name) => vec![name],
        OneOrMany::Many(names) => names,
    })
}
