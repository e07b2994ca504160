//! The seed's question at a glance: which strategy buys its speed with memory, and which
//! is beaten: no better on either count than another, and worse on one.
//!
//! A strategy *dominates* another when it is no slower and holds no more memory, and is
//! strictly better on one of the two. The strategies no other dominates form the Pareto
//! set: every choice worth making is in it, and the rest cost more time *and* more memory
//! than one of its members. The verdict and the trade-off chart are both computed here from
//! the figures, so that when the figures change, the words and the picture change with them.

pub mod chart;

use serde::{Deserialize, Serialize};

use crate::units::{bytes_human, duration_human};

/// How much slower than the fastest a strategy may be and still count as "as fast", for
/// the verdict's cheapest-near-the-fastest choice: 10 %.
pub const NEAR_FASTEST: f64 = 1.10;

/// One strategy in one mode, as the trade-off sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The strategy's name, with its mode when a report mixes modes: `vec (opaque)`.
    pub label: String,
    /// The strategy's registered name, for its colour.
    pub strategy: String,
    /// Typical time of one call, ns: a median of runs, or criterion's estimate.
    pub time_ns: f64,
    /// The low end of the time's spread, ns: the fastest run, or criterion's interval.
    pub time_low_ns: f64,
    /// The high end of the time's spread, ns.
    pub time_high_ns: f64,
    /// Peak live heap bytes of one call (exact).
    pub peak_heap: u64,
    /// Peak resident bytes of one call above its start, where measured.
    pub peak_rss: Option<u64>,
}

/// Which memory figure a comparison uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Memory {
    /// Peak live heap bytes (exact, the default).
    Heap,
    /// Peak resident bytes (the kernel's view: mapped file pages count, pages allocated
    /// but never touched do not).
    Rss,
}

impl Memory {
    /// The figure's name in a sentence or an axis label.
    pub fn label(self) -> &'static str {
        match self {
            Memory::Heap => "peak heap",
            Memory::Rss => "peak RSS",
        }
    }
}

impl Candidate {
    /// Its figure for `memory`, if measured.
    pub fn memory(&self, memory: Memory) -> Option<u64> {
        match memory {
            Memory::Heap => Some(self.peak_heap),
            Memory::Rss => self.peak_rss,
        }
    }

    /// Whether `self` dominates `other` on time and `memory`: no worse on both, better on
    /// one. A candidate without the memory figure dominates nothing and is not dominated.
    fn dominates(&self, other: &Candidate, memory: Memory) -> bool {
        match (self.memory(memory), other.memory(memory)) {
            (Some(mine), Some(theirs)) => {
                self.time_ns <= other.time_ns
                    && mine <= theirs
                    && (self.time_ns < other.time_ns || mine < theirs)
            }
            _ => false,
        }
    }
}

/// For each candidate, whether it is in the Pareto set on time and `memory`.
pub fn pareto(candidates: &[Candidate], memory: Memory) -> Vec<bool> {
    candidates
        .iter()
        .map(|c| c.memory(memory).is_some() && !candidates.iter().any(|o| o.dominates(c, memory)))
        .collect()
}

/// The Pareto set's members, leanest first (then fastest first).
pub fn pareto_front(candidates: &[Candidate], memory: Memory) -> Vec<&Candidate> {
    let mut front: Vec<&Candidate> = candidates
        .iter()
        .zip(pareto(candidates, memory))
        .filter_map(|(c, on)| on.then_some(c))
        .collect();
    front.sort_by(|a, b| {
        a.memory(memory)
            .cmp(&b.memory(memory))
            .then(a.time_ns.total_cmp(&b.time_ns))
    });
    front
}

/// The verdict on one set of candidates, every part computed from their figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The fastest candidate.
    pub fastest: String,
    /// Its time, ns.
    pub fastest_ns: f64,
    /// The candidates holding the least heap, fastest first (several when they tie).
    pub leanest: Vec<String>,
    /// That least peak heap, bytes.
    pub leanest_heap: u64,
    /// The Pareto set on time and peak heap, leanest first.
    pub pareto_heap: Vec<String>,
    /// The Pareto set on time and peak RSS, leanest first; empty when RSS was not measured.
    pub pareto_rss: Vec<String>,
    /// The candidate with the least heap among those within 10 % of the fastest time
    /// (fastest first on a tie).
    pub cheapest_near_fastest: String,
    /// Its time, ns.
    pub cheapest_near_fastest_ns: f64,
    /// Its peak heap, bytes.
    pub cheapest_near_fastest_heap: u64,
    /// Candidates left out of the comparison, with why (e.g. a loop the compiler folded).
    pub left_out: Vec<String>,
    /// The verdict in words: two to four sentences.
    pub sentences: Vec<String>,
}

impl Verdict {
    /// The verdict on `candidates`; `left_out` names what was excluded and why, for the
    /// last sentence. `None` when there is nothing to compare.
    pub fn compute(candidates: &[Candidate], left_out: Vec<String>) -> Option<Verdict> {
        let fastest = candidates
            .iter()
            .min_by(|a, b| a.time_ns.total_cmp(&b.time_ns))?;
        let leanest_heap = candidates.iter().map(|c| c.peak_heap).min()?;
        let mut leanest: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| c.peak_heap == leanest_heap)
            .collect();
        leanest.sort_by(|a, b| a.time_ns.total_cmp(&b.time_ns));
        let cheapest = candidates
            .iter()
            .filter(|c| c.time_ns <= fastest.time_ns * NEAR_FASTEST)
            .min_by(|a, b| {
                a.peak_heap
                    .cmp(&b.peak_heap)
                    .then(a.time_ns.total_cmp(&b.time_ns))
            })?;
        let names = |front: Vec<&Candidate>| front.iter().map(|c| c.label.clone()).collect();
        let pareto_heap: Vec<String> = names(pareto_front(candidates, Memory::Heap));
        let pareto_rss: Vec<String> = if candidates.iter().all(|c| c.peak_rss.is_some()) {
            names(pareto_front(candidates, Memory::Rss))
        } else {
            Vec::new()
        };
        let mut verdict = Verdict {
            fastest: fastest.label.clone(),
            fastest_ns: fastest.time_ns,
            leanest: leanest.iter().map(|c| c.label.clone()).collect(),
            leanest_heap,
            pareto_heap,
            pareto_rss,
            cheapest_near_fastest: cheapest.label.clone(),
            cheapest_near_fastest_ns: cheapest.time_ns,
            cheapest_near_fastest_heap: cheapest.peak_heap,
            left_out,
            sentences: Vec::new(),
        };
        verdict.sentences = verdict.words(candidates.len());
        Some(verdict)
    }

    /// The sentences, from the fields.
    fn words(&self, compared: usize) -> Vec<String> {
        let mut sentences = Vec::new();
        let fastest = format!("{} ({})", self.fastest, duration_human(self.fastest_ns));
        let heap = bytes_human(self.leanest_heap);
        let leanest = match self.leanest.as_slice() {
            [only] if *only == self.fastest => {
                format!(
                    "{only} is both the fastest ({}) and the leanest ({heap} of heap at its peak)",
                    duration_human(self.fastest_ns)
                )
            }
            // Sorted fastest first, so the fastest, if among the leanest, is the first.
            [first, others @ ..] if *first == self.fastest => format!(
                "{first} is both the fastest ({}) and, with {}, the leanest ({heap} of heap at its peak)",
                duration_human(self.fastest_ns),
                list(others)
            ),
            [only] => format!(
                "The fastest of the {compared} is {fastest}; the leanest is {only}, with {heap} of heap at its peak"
            ),
            several => format!(
                "The fastest of the {compared} is {fastest}; the leanest hold {heap} of heap at their peak: {}",
                list(several)
            ),
        };
        sentences.push(format!("{leanest}."));
        sentences.push(match self.pareto_heap.as_slice() {
            [only] => format!(
                "{only} alone is on the Pareto front: every other strategy is slower or holds more heap, and none is better on either count."
            ),
            front => format!(
                "The Pareto front (no other strategy is both faster and leaner in heap), from leanest to fastest: {}; every other strategy is beaten by one of these, no better on either count and worse on one.",
                front.join(" → ")
            ),
        });
        if !self.pareto_rss.is_empty() && self.pareto_rss != self.pareto_heap {
            sentences.push(format!(
                "Counted in resident memory instead, the front is {}.",
                self.pareto_rss.join(" → ")
            ));
        }
        sentences.push(if self.cheapest_near_fastest == self.fastest {
            format!(
                "Nothing within 10 % of the fastest time holds less heap than {} itself.",
                self.fastest
            )
        } else {
            format!(
                "Within 10 % of the fastest time, the cheapest in memory is {} ({}, {} of heap).",
                self.cheapest_near_fastest,
                duration_human(self.cheapest_near_fastest_ns),
                bytes_human(self.cheapest_near_fastest_heap)
            )
        });
        if !self.left_out.is_empty() {
            sentences.push(format!("Left out: {}.", self.left_out.join("; ")));
        }
        sentences
    }

    /// The sentences as one paragraph.
    pub fn paragraph(&self) -> String {
        self.sentences.join(" ")
    }
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests;
