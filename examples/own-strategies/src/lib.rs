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
