//! Memory over time for each strategy of a comparison, as the seed's `mprof plot` draws
//! it: one call of each, recorded in the parent process after a warm-up call, drawn alone
//! and all together into `timeline/` beside the run's page.
//!
//! The parent records only when the strategies were measured in worker processes of their
//! own, so that no measured figure starts from the state a recording leaves.

use crate::export::page::{TIMELINE_OVERLAY, timeline_file};
use crate::measure::{self, Case, Contender};
use crate::timeline::{self, DEFAULT_EVENT_CAPACITY, Recording};

/// The folder of the timelines inside a run's reports folder.
pub(crate) const DIR: &str = "timeline";

/// One call of each of `contenders`, recorded after a warm-up call; a wrong answer or a
/// changed input is an error.
pub(crate) fn record<O: PartialEq>(
    contenders: &[Contender<'_, O>],
    case: &Case<'_, O>,
) -> anyhow::Result<Vec<(String, Recording)>> {
    let mut recordings = Vec::with_capacity(contenders.len());
    for contender in contenders {
        measure::warm_up_once(contender, case)?;
        let mut recorded = None;
        let answer = contender.wrapped(&mut |call| {
            recorded = Some(timeline::record(DEFAULT_EVENT_CAPACITY, &mut *call));
        });
        case.input_unchanged()?;
        let answer = answer?;
        anyhow::ensure!(
            answer == case.expected,
            "strategy '{}' returned a wrong answer while its memory over time was recorded",
            contender.name()
        );
        let (_, recording) = recorded.ok_or_else(|| anyhow::anyhow!("nothing was recorded"))??;
        recordings.push((contender.name().to_owned(), recording));
    }
    Ok(recordings)
}

/// Every timeline's SVG, each strategy's and the overlay, as `(file, svg)`.
pub(crate) fn files(recordings: &[(String, Recording)]) -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::with_capacity(recordings.len() + 1);
    if recordings.is_empty() {
        return Ok(files);
    }
    files.push((
        TIMELINE_OVERLAY.to_owned(),
        timeline::overlay_svg(recordings)?,
    ));
    for (index, (name, recording)) in recordings.iter().enumerate() {
        files.push((
            timeline_file(index, name),
            timeline::strategy_svg(name, recording)?,
        ));
    }
    Ok(files)
}
