//! The index of every report in the default reports folder (`index.html`): one line per
//! comparison and sweep, with its verdict and a link to its page, so that several
//! comparisons from one binary, or from several, share one place to start.

use std::path::Path;

use super::RunReport;
use super::sweep::SweepReport;
use sumbench_page::fileset::FileSet;
use sumbench_page::json::read_if_present;
use sumbench_page::page::{Block, Item, Page};

/// The index's file in the reports folder.
pub const INDEX_FILE: &str = "index.html";

/// Writes `index.html` in `root` from the reports found there: `latest.json` in `root`
/// itself and in each folder below it, and `sweep.json` in each folder. A folder that is a
/// link, or a report that cannot be read, is left out.
pub fn write(root: &Path) -> anyhow::Result<()> {
    let mut items = Vec::new();
    if let Ok(Some(run)) = read_if_present::<RunReport>(&root.join("latest.json"), "a report") {
        items.push(run_item(&run, "latest.html"));
    }
    let mut folders: Vec<_> = std::fs::read_dir(root)?
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .map(|entry| entry.file_name())
        .collect();
    folders.sort();
    for folder in folders {
        let Some(name) = folder.to_str() else {
            continue;
        };
        let dir = root.join(name);
        if let Ok(Some(sweep)) = read_if_present::<SweepReport>(&dir.join("sweep.json"), "a sweep")
        {
            items.push(Item {
                label: sweep.title.clone(),
                link: Some(format!("{name}/index.html")),
                text: format!(" (a sweep over {}): {}", sweep.parameter, sweep.verdict()),
            });
        } else if let Ok(Some(run)) =
            read_if_present::<RunReport>(&dir.join("latest.json"), "a report")
        {
            items.push(run_item(&run, &format!("{name}/latest.html")));
        }
    }
    let mut page = Page::new("sumbench reports");
    page.push(Block::Verdict(format!(
        "{} reports in this folder, each with its own page.",
        items.len()
    )));
    page.push(Block::Items(items));
    let mut set = FileSet::new();
    set.add(INDEX_FILE, page.html());
    set.commit(root)?;
    Ok(())
}

/// One run's line: its title (or headline), its verdict, when it ran.
fn run_item(run: &RunReport, link: &str) -> Item {
    let verdict = run
        .verdict
        .as_ref()
        .map_or_else(|| "no verdict".to_owned(), |verdict| verdict.short());
    Item {
        label: run.title.clone().unwrap_or_else(|| run.headline()),
        link: Some(link.to_owned()),
        text: format!(": {verdict} ({})", run.machine.date),
    }
}
