//! What a sweep found, in words: the fastest at each size, and every change of order.

use std::fmt::Write as _;

use super::SweepReport;
use crate::analysis::growth::OrderChange;
use sumbench_page::units::grouped;

impl SweepReport {
    /// What the sweep found, in one or two sentences: which strategy is the fastest at
    /// each size (and the leanest, where one is at every size), then every change of
    /// order between two other strategies.
    pub fn verdict(&self) -> String {
        let p = &self.parameter;
        let at_each = |pick: fn(&crate::analysis::tradeoff::Verdict) -> &Vec<String>| {
            self.runs
                .iter()
                .map(|run| run.verdict.as_ref().map(|v| pick(v).join(" and ")))
                .collect::<Option<Vec<String>>>()
        };
        let mut sentences = Vec::new();
        if let Some(fastest) = at_each(|v| &v.fastest) {
            let mut spans: Vec<(String, u64, u64)> = Vec::new();
            for (name, &size) in fastest.into_iter().zip(&self.sizes) {
                match spans.last_mut() {
                    Some(last) if last.0 == name => last.2 = size,
                    _ => spans.push((name, size, size)),
                }
            }
            // A group tied at every size is named as one, with a plural verb.
            let several = |pick: fn(&crate::analysis::tradeoff::Verdict) -> &Vec<String>| {
                self.runs
                    .first()
                    .and_then(|run| run.verdict.as_ref())
                    .is_some_and(|v| pick(v).len() > 1)
            };
            let mut sentence = match spans.as_slice() {
                [(name, ..)] => format!(
                    "{name} {} the fastest at every size, {p} = {} to {}",
                    if several(|v| &v.fastest) { "are" } else { "is" },
                    grouped(self.sizes[0]),
                    grouped(*self.sizes.last().unwrap_or(&0))
                ),
                _ => spans
                    .iter()
                    .enumerate()
                    .map(|(i, (name, from, to))| match i {
                        0 => format!("{name} is the fastest up to {p} = {}", grouped(*to)),
                        _ if i == spans.len() - 1 => {
                            format!("{name} from {p} = {}", grouped(*from))
                        }
                        _ if from == to => format!("{name} at {p} = {}", grouped(*from)),
                        _ => format!("{name} from {p} = {} to {}", grouped(*from), grouped(*to)),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            if let Some(leanest) = at_each(|v| &v.leanest)
                && leanest.iter().all(|l| l == &leanest[0])
            {
                let _ = match spans.as_slice() {
                    [(name, ..)] if *name == leanest[0] => write!(sentence, ", and the leanest"),
                    _ => write!(
                        sentence,
                        "; {} {} the least heap at every size",
                        leanest[0],
                        if several(|v| &v.leanest) {
                            "hold"
                        } else {
                            "holds"
                        }
                    ),
                };
            }
            sentences.push(format!("{sentence}."));
        }
        let changes = self.changes_text();
        if !changes.is_empty() {
            sentences.push(format!("Changes of order: {}.", changes.join("; ")));
        }
        if sentences.is_empty() {
            sentences.push("No verdict: a size has no result.".to_owned());
        }
        sentences.join(" ")
    }

    /// The changes of order, one clause per pair of strategies, in the order of the sizes:
    /// `sort is faster up to n = 1,000, radix_sort at n = 10,000, sort from n = 100,000`.
    /// Each change lies somewhere between the two sizes named on either side of it.
    fn changes_text(&self) -> Vec<String> {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for change in &self.order_changes {
            let pair = ordered(&change.faster_below, &change.faster_above);
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
        let p = &self.parameter;
        pairs
            .into_iter()
            .map(|pair| {
                let mine: Vec<&OrderChange> = self
                    .order_changes
                    .iter()
                    .filter(|c| ordered(&c.faster_below, &c.faster_above) == pair)
                    .collect();
                let mut text = format!(
                    "{} is faster up to {p} = {}",
                    mine[0].faster_below,
                    grouped(mine[0].below)
                );
                for (i, change) in mine.iter().enumerate() {
                    let (name, from) = (&change.faster_above, grouped(change.above));
                    let _ = match mine.get(i + 1) {
                        Some(next) if next.below == change.above => {
                            write!(text, ", {name} at {p} = {from}")
                        }
                        Some(next) => write!(
                            text,
                            ", {name} from {p} = {from} up to {}",
                            grouped(next.below)
                        ),
                        None => write!(text, ", {name} from {p} = {from}"),
                    };
                }
                text
            })
            .collect()
    }
}

/// The two names in a fixed order, for grouping a pair's changes.
fn ordered<'s>(a: &'s str, b: &'s str) -> (&'s str, &'s str) {
    if a <= b { (a, b) } else { (b, a) }
}
