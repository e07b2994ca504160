//! The seed's question at a glance: which strategy buys its speed with memory, and which
//! is beaten: no better on either count than another, and worse on one.
//!
//! Times are noisy, so "faster" is decided by [`Times`]: from the paired ratio of two
//! strategies' times taken in the same rounds, and only when its whole interval lies more
//! than the run's threshold from 1 (see [`crate::stats`]); otherwise the two are
//! *tied*. A strategy *dominates* another when it holds no more memory, is not slower
//! (faster or tied), and is strictly better on one count: less memory, or faster. The
//! strategies no other dominates form the Pareto set: every choice worth making is in it,
//! and the rest cost more time or more memory than one of its members, and no less of the
//! other. The fastest are those no other strategy is faster than: several when they tie.
//! The verdict and the trade-off chart are both computed here from the figures, so that
//! when the figures change, the words and the picture change with them.

use serde::{Deserialize, Serialize};

use crate::stats::{PairedRatio, TimeOrder, UNPAIRED_THRESHOLD};
use sumbench_page::units::{bytes_human, duration_human};

/// How much slower than the fastest a strategy may be and still count as "as fast", for
/// the verdict's cheapest-near-the-fastest choice: 10 %.
pub(crate) const NEAR_FASTEST: f64 = 1.10;

/// One strategy in one mode, as the trade-off sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The strategy's name, with its mode when a report mixes modes: `vec (opaque)`.
    pub label: String,
    /// The strategy's registered name, for its colour.
    pub strategy: String,
    /// Typical time of one call, ns: a median of rounds, or criterion's estimate.
    pub time_ns: f64,
    /// The low end of the time's interval, ns: the median's distribution-free interval, or
    /// criterion's.
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

    /// Whether `self` dominates `other` on time and `memory`: no more memory, not slower,
    /// and better on one count. A candidate without the memory figure dominates nothing
    /// and is not dominated.
    fn dominates(&self, other: &Candidate, memory: Memory, times: Times) -> bool {
        match (self.memory(memory), other.memory(memory)) {
            (Some(mine), Some(theirs)) => {
                let order = times.order(self, other);
                mine <= theirs
                    && order != TimeOrder::Slower
                    && (mine < theirs || order == TimeOrder::Faster)
            }
            _ => false,
        }
    }
}

/// How two candidates' times are compared.
#[derive(Debug, Clone, Copy)]
pub enum Times<'a> {
    /// By the paired ratios of interleaved rounds, found by the candidates' labels; a pair
    /// not among them is compared as [`Times::Intervals`] would.
    Paired(&'a [PairedRatio]),
    /// By each candidate's own interval (`time_low_ns..=time_high_ns`), for times not
    /// taken side by side (criterion's estimates): faster only when the whole interval
    /// lies below the other's low end by more than `UNPAIRED_THRESHOLD`.
    Intervals,
}

impl Times<'_> {
    /// The paired ratio of `a`'s time over `b`'s, where the rounds give one.
    pub fn ratio(self, a: &Candidate, b: &Candidate) -> Option<PairedRatio> {
        let Times::Paired(ratios) = self else {
            return None;
        };
        ratios.iter().find_map(|r| {
            if r.numerator == a.label && r.denominator == b.label {
                Some(r.clone())
            } else if r.numerator == b.label && r.denominator == a.label {
                Some(r.inverse())
            } else {
                None
            }
        })
    }

    /// The practical difference in percent behind the order of two times: the paired
    /// ratios' own (the run's `--threshold`), else `UNPAIRED_THRESHOLD`.
    pub fn threshold_percent(self) -> f64 {
        match self {
            Times::Paired([first, ..]) => first.threshold_percent(),
            _ => UNPAIRED_THRESHOLD * 100.0,
        }
    }

    /// How `a`'s time compares with `b`'s.
    pub fn order(self, a: &Candidate, b: &Candidate) -> TimeOrder {
        if let Some(ratio) = self.ratio(a, b) {
            return ratio.order();
        }
        let below = |x: &Candidate, y: &Candidate| {
            x.time_high_ns < y.time_low_ns * (1.0 - UNPAIRED_THRESHOLD)
        };
        if below(a, b) {
            TimeOrder::Faster
        } else if below(b, a) {
            TimeOrder::Slower
        } else {
            TimeOrder::Tied
        }
    }

    /// `b/a 0.97–1.06` when paired, else both intervals: the evidence for a tie or an
    /// order, for sentences.
    fn evidence(self, a: &Candidate, b: &Candidate) -> String {
        match self.ratio(b, a) {
            Some(ratio) => format!("{}/{} {}", b.label, a.label, ratio.interval_text()),
            None => format!(
                "{} {}–{} against {} {}–{}",
                b.label,
                duration_human(b.time_low_ns),
                duration_human(b.time_high_ns),
                a.label,
                duration_human(a.time_low_ns),
                duration_human(a.time_high_ns)
            ),
        }
    }
}

/// For each candidate, whether it is in the Pareto set on time and `memory`.
pub(crate) fn pareto(candidates: &[Candidate], memory: Memory, times: Times) -> Vec<bool> {
    candidates
        .iter()
        .map(|c| {
            c.memory(memory).is_some() && !candidates.iter().any(|o| o.dominates(c, memory, times))
        })
        .collect()
}

/// The candidates no other is faster than, fastest median first: one, or several tied.
pub fn fastest<'c>(candidates: &'c [Candidate], times: Times) -> Vec<&'c Candidate> {
    let mut fastest: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| {
            !candidates
                .iter()
                .any(|o| times.order(o, c) == TimeOrder::Faster)
        })
        .collect();
    fastest.sort_by(|a, b| a.time_ns.total_cmp(&b.time_ns));
    fastest
}

/// The Pareto set's members, leanest first (then fastest first).
pub(crate) fn pareto_front<'c>(
    candidates: &'c [Candidate],
    memory: Memory,
    times: Times,
) -> Vec<&'c Candidate> {
    let mut front: Vec<&Candidate> = candidates
        .iter()
        .zip(pareto(candidates, memory, times))
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
    /// The candidates tied for fastest (no other is faster than any of them), fastest
    /// median first: one name, or several.
    #[serde(deserialize_with = "one_or_many")]
    pub fastest: Vec<String>,
    /// The first one's median time, ns.
    pub fastest_ns: f64,
    /// Why the others are not among the fastest, or why the fastest tie: the evidence in
    /// words, e.g. `rayon_sum/lazy 0.97–1.06`.
    #[serde(default)]
    pub fastest_evidence: Vec<String>,
    /// The candidates holding the least heap, fastest first (several when they tie).
    pub leanest: Vec<String>,
    /// That least peak heap, bytes.
    pub leanest_heap: u64,
    /// The Pareto set on time and peak heap, leanest first.
    pub pareto_heap: Vec<String>,
    /// The same set in groups, leanest first: members with the same peak heap whose times
    /// are tied form one group, since neither is better than the other.
    #[serde(default)]
    pub pareto_heap_groups: Vec<Vec<String>>,
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
    /// The practical difference in percent below which two times count as tied.
    #[serde(default = "saved_threshold_percent")]
    pub threshold_percent: f64,
    /// The verdict in words: two to four sentences.
    pub sentences: Vec<String>,
}

impl Verdict {
    /// The verdict on `candidates`; `left_out` names what was excluded and why, for the
    /// last sentence. `None` when there is nothing to compare.
    pub fn compute(
        candidates: &[Candidate],
        left_out: Vec<String>,
        times: Times,
    ) -> Option<Verdict> {
        let tied = fastest(candidates, times);
        let fastest = *tied.first()?;
        // The evidence: each tied one against the first; or, for a lone fastest, the
        // nearest other (the smallest median above it).
        let evidence: Vec<String> = if tied.len() > 1 {
            tied[1..]
                .iter()
                .map(|c| times.evidence(fastest, c))
                .collect()
        } else {
            candidates
                .iter()
                .filter(|c| c.label != fastest.label)
                .min_by(|a, b| a.time_ns.total_cmp(&b.time_ns))
                .map(|nearest| times.evidence(fastest, nearest))
                .into_iter()
                .collect()
        };
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
        let heap_front = pareto_front(candidates, Memory::Heap, times);
        let pareto_heap_groups = tied_groups(&heap_front, times);
        let pareto_heap: Vec<String> = names(heap_front);
        let pareto_rss: Vec<String> = if candidates.iter().all(|c| c.peak_rss.is_some()) {
            names(pareto_front(candidates, Memory::Rss, times))
        } else {
            Vec::new()
        };
        let mut verdict = Verdict {
            fastest: names(tied),
            fastest_ns: fastest.time_ns,
            fastest_evidence: evidence,
            leanest: leanest.iter().map(|c| c.label.clone()).collect(),
            leanest_heap,
            pareto_heap,
            pareto_heap_groups,
            pareto_rss,
            cheapest_near_fastest: cheapest.label.clone(),
            cheapest_near_fastest_ns: cheapest.time_ns,
            cheapest_near_fastest_heap: cheapest.peak_heap,
            left_out,
            threshold_percent: times.threshold_percent(),
            sentences: Vec::new(),
        };
        verdict.sentences = verdict.words(candidates.len());
        Some(verdict)
    }

    /// The sentences, from the fields.
    fn words(&self, compared: usize) -> Vec<String> {
        let mut sentences = Vec::new();
        let threshold = sumbench_page::units::percent_text(self.threshold_percent);
        let first = &self.fastest[0];
        let time = duration_human(self.fastest_ns);
        sentences.push(
            match (self.fastest.as_slice(), self.fastest_evidence.as_slice()) {
                ([_], [nearest, ..]) => format!(
                    "The fastest of the {compared} is {first} ({time}): every other is resolvably \
                 slower, by more than {threshold}, than it or another (the nearest: {nearest})."
                ),
                ([_], []) => format!("The only one compared is {first} ({time})."),
                (tied, evidence) => format!(
                    "{} are tied for fastest ({first}: {time}): no difference of more than \
                 {threshold} between them is resolved ({}).",
                    list(tied),
                    evidence.join("; ")
                ),
            },
        );
        let heap = bytes_human(self.leanest_heap);
        sentences.push(match self.leanest.as_slice() {
            [only] if self.fastest.contains(only) => {
                format!("{only} is also the leanest, with {heap} of heap at its peak.")
            }
            [only] => format!("The leanest is {only}, with {heap} of heap at its peak."),
            several => format!(
                "The leanest hold {heap} of heap at their peak: {}.",
                list(several)
            ),
        });
        sentences.push(self.front_sentence());
        if !self.pareto_rss.is_empty() && self.pareto_rss != self.pareto_heap {
            sentences.push(format!(
                "Counted in resident memory instead, the front is {}.",
                self.pareto_rss.join(" → ")
            ));
        }
        sentences.push(if self.cheapest_near_fastest == *first {
            format!("Nothing within 10 % of the fastest time holds less heap than {first} itself.")
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
pub(super) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

mod saved;
mod short;

use saved::{one_or_many, saved_threshold_percent};
use short::tied_groups;

#[cfg(test)]
mod tests;
