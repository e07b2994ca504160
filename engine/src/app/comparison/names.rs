//! The names of a comparison and its strategies: which can be shown, which were chosen,
//! and the `--list` of them.

use super::super::exit::{Failure, print_out};
use crate::measure::Contender;

/// Refuses what can never be a name in a report: an empty or blank one, one with a
/// control character (it would rewrite a terminal, split a table row, or make an SVG
/// invalid), and `.` or `..` (criterion makes folders of names). Everything else is
/// escaped where it is written.
pub(super) fn usable_name(what: &str, name: &str) -> Result<(), Failure> {
    let problem = if name.trim().is_empty() {
        "is empty"
    } else if name.chars().any(char::is_control) {
        "holds a control character"
    } else if name == "." || name == ".." {
        "names a folder"
    } else {
        return Ok(());
    };
    Err(Failure::Usage(format!(
        "the {what} {name:?} {problem}: give one of visible characters"
    )))
}

/// The contenders named in `names` (all when none), each once; an unknown name is bad
/// input.
pub(super) fn select<'a, O>(
    contenders: Vec<Contender<'a, O>>,
    names: &[String],
) -> Result<Vec<Contender<'a, O>>, Failure> {
    if let Some(unknown) = names
        .iter()
        .find(|name| !contenders.iter().any(|c| c.name() == name.as_str()))
    {
        let known: Vec<&str> = contenders.iter().map(Contender::name).collect();
        return Err(Failure::Usage(format!(
            "unknown strategy '{unknown}'; known strategies: {}",
            known.join(", ")
        )));
    }
    Ok(contenders
        .into_iter()
        .filter(|c| names.is_empty() || names.iter().any(|name| name == c.name()))
        .collect())
}

/// `--list`: the strategies, with their descriptions.
pub(super) fn list<O>(title: &str, contenders: &[Contender<'_, O>]) -> Result<(), Failure> {
    let names: Vec<(&str, &str)> = contenders
        .iter()
        .map(|c| (c.name(), c.description()))
        .collect();
    list_names(title, &names)
}

/// Prints `title` and each `(name, description)`, one a line.
pub(crate) fn list_names(title: &str, names: &[(&str, &str)]) -> Result<(), Failure> {
    let mut listing = format!("{title}: {} strategies\n", names.len());
    for (name, description) in names {
        let line = format!("{name:<18}  {description}");
        listing.push_str(line.trim_end());
        listing.push('\n');
    }
    print_out(&listing)?;
    Ok(())
}
