//! The verdict in one sentence, for the top of a page: the fastest (or the group tied for
//! it) and the leanest.

use super::{Verdict, list};
use sumbench_page::units::{bytes_human, duration_human};

impl Verdict {
    /// `sort_unstable is the fastest (16.68 ms) and the leanest (0 B of heap at its
    /// peak).`, or `hash_set and btree_set are tied for the fastest (…); sort_dedup is the
    /// leanest (…).` A group tied in time is named as one.
    pub fn short(&self) -> String {
        let time = duration_human(self.fastest_ns);
        let heap = bytes_human(self.leanest_heap);
        let fastest = match self.fastest.as_slice() {
            [one] => format!("{one} is the fastest ({time})"),
            group => format!("{} are tied for the fastest ({time})", list(group)),
        };
        let leanest = if self.leanest == self.fastest {
            format!(" and the leanest ({heap} of heap at its peak)")
        } else {
            let (verb, its) = if self.leanest.len() == 1 {
                ("is", "its")
            } else {
                ("are", "their")
            };
            format!(
                "; {} {verb} the leanest ({heap} of heap at {its} peak)",
                list(&self.leanest)
            )
        };
        format!("{fastest}{leanest}.")
    }
}
