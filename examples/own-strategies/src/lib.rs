//! Three ways to count the distinct words of a text, and the text they count.

use std::collections::{BTreeSet, HashSet};

/// A text of `words` words drawn from a vocabulary of `vocabulary` made-up words, the
/// same every time (a fixed xorshift sequence).
pub fn text(words: usize, vocabulary: u64) -> String {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut text = String::new();
    for _ in 0..words {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push_str(&format!("w{:x} ", state % vocabulary));
    }
    text
}

/// Collects every word, sorts them and drops repeats: holds the whole text's words.
pub fn sort_dedup(text: &str) -> usize {
    let mut words: Vec<&str> = text.split_ascii_whitespace().collect();
    words.sort_unstable();
    words.dedup();
    words.len()
}

/// Keeps each distinct word once, in a hash set.
pub fn hash_set(text: &str) -> usize {
    text.split_ascii_whitespace().collect::<HashSet<_>>().len()
}

/// Keeps each distinct word once, in order, in a B-tree.
pub fn btree_set(text: &str) -> usize {
    text.split_ascii_whitespace().collect::<BTreeSet<_>>().len()
}

/// Three ways to parse `key=value` lines, each holding every pair at once: the
/// allocation-heavy kind of strategy whose time depends most on the allocator's state.
pub mod key_values {
    use std::collections::HashMap;

    /// `lines` lines `key<i>=value<i * 7>`, every key distinct.
    pub fn text(lines: usize) -> String {
        let mut text = String::with_capacity(lines * 24);
        for i in 0..lines {
            text.push_str(&format!("key{i}={}\n", i * 7));
        }
        text
    }

    /// What every parser answers: the pairs, and the bytes of their keys and values.
    pub type Answer = (usize, usize);

    fn pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
        text.lines().filter_map(|line| line.split_once('='))
    }

    fn answer<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>, count: usize) -> Answer {
        (count, pairs.map(|(k, v)| k.len() + v.len()).sum())
    }

    /// Every pair as two owned `String`s in a `Vec`.
    pub fn vec_owned(text: &str) -> Answer {
        let parsed: Vec<(String, String)> = pairs(text)
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        answer(
            parsed.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            parsed.len(),
        )
    }

    /// Every pair owned, in a `HashMap` by key.
    pub fn hash_map(text: &str) -> Answer {
        let parsed: HashMap<String, String> = pairs(text)
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        answer(
            parsed.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            parsed.len(),
        )
    }

    /// Every pair borrowed from the text, in a `Vec`: one allocation.
    pub fn borrowed(text: &str) -> Answer {
        let parsed: Vec<(&str, &str)> = pairs(text).collect();
        answer(parsed.iter().copied(), parsed.len())
    }
}

/// The whole number above 0 in the environment variable `name`, or `default` where it is
/// not set; an error in one line, for exit code 2, where it is not such a number.
pub fn count_from_env(name: &str, default: u64) -> Result<u64, String> {
    match std::env::var(name) {
        Ok(value) => match value.parse::<u64>() {
            Ok(count) if count > 0 => Ok(count),
            _ => Err(format!(
                "error: {name} must be a whole number above 0, got '{value}'"
            )),
        },
        Err(_) => Ok(default),
    }
}
