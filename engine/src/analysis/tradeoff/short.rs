//! The verdict in one sentence, for the top of a page: the fastest (or the group tied for
//! it) and the leanest; and the sentences it leaves out, for below the table.

use super::{Candidate, TimeOrder, Times, Verdict, list};
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

    /// The Pareto front on heap in words, a tied group named as one.
    pub(super) fn front_sentence(&self) -> String {
        let groups: Vec<Vec<String>> = if self.pareto_heap_groups.is_empty() {
            self.pareto_heap.iter().map(|n| vec![n.clone()]).collect()
        } else {
            self.pareto_heap_groups.clone()
        };
        match groups.as_slice() {
            [only] if only.len() == 1 => format!(
                "{} alone is on the Pareto front: every other strategy is slower or holds more heap, and none is better on either count (a tie in time counts as neither).",
                only[0]
            ),
            [tied] => format!(
                "{} alone are on the Pareto front, tied with each other (the same heap, and no difference in time resolved): every other strategy is slower or holds more heap.",
                list(tied)
            ),
            front => {
                let front: Vec<String> = front
                    .iter()
                    .map(|group| match group.as_slice() {
                        [one] => one.clone(),
                        tied => format!("{} (tied)", list(tied)),
                    })
                    .collect();
                format!(
                    "The Pareto front (no other strategy is faster and no heavier, or leaner and not slower), from leanest to fastest: {}; every other strategy is beaten by one of these.",
                    front.join(" → ")
                )
            }
        }
    }

    /// The sentences the short verdict leaves out: why the fastest is fastest, the Pareto
    /// fronts, the cheapest near the fastest, and what was left out.
    pub fn details(&self) -> String {
        let mut details = Vec::new();
        if !self.fastest_evidence.is_empty() {
            let what = if self.fastest.len() > 1 {
                "Why they tie"
            } else {
                "The nearest to the fastest"
            };
            details.push(format!("{what}: {}.", self.fastest_evidence.join("; ")));
        }
        details.extend(self.sentences.iter().skip(2).cloned());
        details.join(" ")
    }
}

/// The front's members in groups: each with the members after it that hold the same
/// memory and whose times tie with its own.
pub(super) fn tied_groups(front: &[&Candidate], times: Times) -> Vec<Vec<String>> {
    let mut groups: Vec<(&Candidate, Vec<String>)> = Vec::new();
    for candidate in front {
        match groups.last_mut() {
            Some((first, group))
                if first.peak_heap == candidate.peak_heap
                    && times.order(first, candidate) == TimeOrder::Tied =>
            {
                group.push(candidate.label.clone());
            }
            _ => groups.push((candidate, vec![candidate.label.clone()])),
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}
