//! How a group's benchmarks become comparisons: one per parameter value, its strategies
//! named by their functions; a sweep over the values when every one is a number; one
//! across the values when each value has a single benchmark. Then
//! each comparison measured by the engine in the parent, and served in its workers.

use std::ffi::OsString;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use sumbench::app::run::{self, Named};
use sumbench::export::sweep::point_folder;
use sumbench::export::{Format, RunReport};
use sumbench::measure::{About, Case, Contender, InputInfo, Launch};
use sumbench::{Failure, RunOptions, SweepReport};

use crate::group::{BenchmarkId, Throughput};

/// What a worker serves, in its environment: the comparison, one field per line.
const PART_ENV: &str = "SUMBENCH_CRITERION_PART";

/// What a sweep's sizes are called: criterion's parameter has no name of its own.
const PARAMETER: &str = "parameter";

/// One comparison of a group: its benchmarks at one parameter value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part {
    /// The criterion group.
    group: String,
    /// The comparison's title.
    title: String,
    /// The sweep's size, where the group is a sweep.
    size: Option<u64>,
    /// Elements and bytes one iteration processes: the [`Throughput`] its members share.
    amounts: (Option<u64>, Option<u64>),
    /// Each benchmark's id in the group (`encode/3`) and its strategy name (`encode`).
    members: Vec<(String, String)>,
}

/// The comparisons of `group`'s benchmarks `ids`, in the order their parameters first
/// appear, and whether they form a sweep. `throughputs` are the ids' own.
fn plan(group: &str, ids: &[BenchmarkId], throughputs: &[Option<Throughput>]) -> (Vec<Part>, bool) {
    let mut parts: Vec<(Option<String>, Part, Vec<Option<Throughput>>)> = Vec::new();
    for (id, &throughput) in ids.iter().zip(throughputs) {
        let name = id.function().unwrap_or(group).to_owned();
        let parameter = id.parameter().map(str::to_owned);
        let at = match parts.iter().position(|(p, _, _)| *p == parameter) {
            Some(at) => at,
            None => {
                let title = match &parameter {
                    Some(parameter) => format!("{group}/{parameter}"),
                    None => group.to_owned(),
                };
                let part = Part {
                    group: group.to_owned(),
                    title,
                    size: None,
                    amounts: (None, None),
                    members: Vec::new(),
                };
                parts.push((parameter.clone(), part, Vec::new()));
                parts.len() - 1
            }
        };
        parts[at].1.members.push((id.to_string(), name));
        parts[at].2.push(throughput);
    }
    for (_, part, throughputs) in &mut parts {
        if let Some(&Some(first)) = throughputs.first()
            && throughputs.iter().all(|&t| t == Some(first))
        {
            part.amounts = first.amounts();
        }
    }
    let sizes: Option<Vec<u64>> = parts
        .iter()
        .map(|(p, _, _)| p.as_deref()?.parse().ok())
        .collect();
    let sweep = match sizes {
        Some(sizes) if sizes.len() > 1 => {
            for ((_, part, _), size) in parts.iter_mut().zip(sizes) {
                part.title = group.to_owned();
                part.size = Some(size);
            }
            true
        }
        _ => false,
    };
    let parts: Vec<Part> = parts.into_iter().map(|(_, part, _)| part).collect();
    if !sweep && parts.len() > 1 && parts.iter().all(|part| part.members.len() == 1) {
        return (vec![across_values(group, parts)], false);
    }
    (parts, sweep)
}

/// One comparison of a group whose values each have one benchmark (one function over
/// `"small"` and `"large"`, or over floats): the values are what is compared, each a
/// strategy named by its value, or by its whole id where the functions differ.
fn across_values(group: &str, parts: Vec<Part>) -> Part {
    // A throughput every value shares stays the comparison's.
    let amounts = match parts
        .windows(2)
        .all(|pair| pair[0].amounts == pair[1].amounts)
    {
        true => parts[0].amounts,
        false => (None, None),
    };
    let one_function = parts
        .windows(2)
        .all(|pair| pair[0].members[0].1 == pair[1].members[0].1);
    let members = parts
        .into_iter()
        .map(|part| {
            let (id, function) = part.members.into_iter().next().expect("one member");
            let name = match (one_function, id.strip_prefix(&format!("{function}/"))) {
                (true, Some(value)) => value.to_owned(),
                _ => id.clone(),
            };
            (id, name)
        })
        .collect();
    Part {
        group: group.to_owned(),
        title: group.to_owned(),
        size: None,
        amounts,
        members,
    }
}

impl Part {
    /// The part as one environment value.
    fn to_env(&self) -> OsString {
        let mut lines = vec![
            self.group.clone(),
            self.title.clone(),
            self.size.map_or_else(String::new, |size| size.to_string()),
            [self.amounts.0, self.amounts.1]
                .map(|amount| amount.map_or_else(String::new, |a| a.to_string()))
                .join(" "),
        ];
        lines.extend(
            self.members
                .iter()
                .map(|(id, name)| format!("{id}\t{name}")),
        );
        OsString::from(lines.join("\n"))
    }

    /// The part [`Part::to_env`] wrote.
    fn from_env(value: &str) -> Option<Self> {
        let mut lines = value.split('\n');
        let group = lines.next()?.to_owned();
        let title = lines.next()?.to_owned();
        let size = match lines.next()? {
            "" => None,
            size => Some(size.parse().ok()?),
        };
        let (elements, bytes) = lines.next()?.split_once(' ')?;
        let amount = |text: &str| match text {
            "" => Some(None),
            text => text.parse().ok().map(Some),
        };
        let amounts = (amount(elements)?, amount(bytes)?);
        let members = lines
            .map(|line| {
                let (id, name) = line.split_once('\t')?;
                Some((id.to_owned(), name.to_owned()))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            group,
            title,
            size,
            amounts,
            members,
        })
    }

    /// The engine's run of this comparison, the same in the parent and in its workers.
    fn measure(
        &self,
        contenders: Vec<Contender<'_, ()>>,
        options: &RunOptions,
    ) -> Result<Option<RunReport>, Failure> {
        let identity = {
            #[allow(deprecated)]
            let mut hasher = std::hash::SipHasher::new();
            (
                &self.group,
                &self.title,
                self.size,
                self.amounts,
                &self.members,
            )
                .hash(&mut hasher);
            hasher.finish()
        };
        let (elements, bytes) = self.amounts;
        let about = About {
            n: elements.unwrap_or(0),
            input: InputInfo {
                input_bytes: bytes,
                ..InputInfo::default()
            },
            ..About::default()
        };
        let case = Case::new(about, ()).identified_by(identity);
        let launch = Launch {
            env: vec![(OsString::from(PART_ENV), self.to_env())],
            ..Launch::this_command()?
        };
        let workers = options.workers(launch);
        let reps = run::repetitions(options, sumbench::measure::CacheState::Warm);
        let named = Named {
            title: Some(&self.title),
            parameters: self
                .size
                .map(|size| (PARAMETER.to_owned(), size))
                .into_iter()
                .collect(),
            timelines: &[],
        };
        run::run(&contenders, &case, &named, options, reps, &workers)
    }

    /// The contenders as the parent holds them.
    fn parent_side(&self) -> Vec<Contender<'static, ()>> {
        self.members
            .iter()
            .map(|(_, name)| parent_side(name))
            .collect()
    }
}

/// A benchmark as the parent holds it: a name whose routine runs only in its worker.
/// Called here, it is an error naming it rather than a figure.
fn parent_side(name: &str) -> Contender<'static, ()> {
    let owned = name.to_owned();
    Contender::new(name, move || {
        anyhow::bail!("{owned} was called outside its worker process")
    })
}

/// What a worker serves: its comparison, and which member.
#[derive(Debug)]
pub(crate) struct Served {
    part: Part,
    position: usize,
    options: Box<RunOptions>,
}

impl Served {
    /// The comparison and member this worker serves, from its environment.
    pub(crate) fn from_env(options: RunOptions) -> Option<Self> {
        let part = Part::from_env(&std::env::var(PART_ENV).ok()?)?;
        let position = sumbench::measure::worker::served_position()?;
        // The A/A twin, one past the last, serves the first.
        let position = if position >= part.members.len() {
            0
        } else {
            position
        };
        part.members.get(position)?;
        Some(Self {
            part,
            position,
            options: Box::new(options),
        })
    }

    /// Whether `id` of `group` is the benchmark this worker serves.
    pub(crate) fn serves(&self, group: &str, id: &str) -> bool {
        group == self.part.group && self.part.members[self.position].0 == id
    }

    /// Serves `routine`, built under the served member's name, to the parent's rounds,
    /// with the other members as the parent holds them; ends the process.
    pub(crate) fn serve<'c>(&self, routine: impl FnOnce(&str) -> Contender<'c, ()>) -> ! {
        let mut contenders: Vec<Contender<'c, ()>> = self.part.parent_side();
        contenders[self.position] = routine(&self.part.members[self.position].1);
        match self.part.measure(contenders, &self.options) {
            Ok(_) => eprintln!("error: the worker for {} served nothing", self.part.title),
            Err(failure) => std::process::exit(i32::from(failure.report())),
        }
        std::process::exit(3)
    }
}

/// Measures the group `group` of benchmarks `ids` and saves its reports; in the parent.
/// A run that fails ends the process with its one-line reason.
pub(crate) fn measure_group(
    group: &str,
    ids: &[BenchmarkId],
    throughputs: &[Option<Throughput>],
    options: &RunOptions,
) {
    if let Err(failure) = try_measure_group(group, ids, throughputs, options) {
        std::process::exit(i32::from(failure.report()));
    }
}

fn try_measure_group(
    group: &str,
    ids: &[BenchmarkId],
    throughputs: &[Option<Throughput>],
    options: &RunOptions,
) -> Result<(), Failure> {
    let (parts, sweep) = plan(group, ids, throughputs);
    for part in &parts {
        let fields = [&part.group, &part.title]
            .into_iter()
            .chain(part.members.iter().flat_map(|(id, name)| [id, name]));
        if let Some(bad) = fields.into_iter().find(|f| f.contains(['\n', '\t'])) {
            return Err(Failure::Usage(format!(
                "the benchmark name {bad:?} has a tab or a line break, which cannot be measured"
            )));
        }
    }
    // Every group has a folder of its own: `criterion/GROUP/` in the default reports
    // folder, `GROUP/` in one given. The folders sumbench makes may not be links.
    let (reports, levels) = match &options.reports_dir {
        None => (options.reports_dir().join("criterion"), 4),
        Some(dir) => (dir.clone(), 1),
    };
    let root = reports.join(folder(group));
    if !options.no_save {
        sumbench_page::fileset::ensure_real_dir_tail(&root, levels)
            .map_err(|e| Failure::Usage(format!("{e:#}")))?;
    }
    let mut runs = Vec::with_capacity(parts.len());
    for part in &parts {
        let mut options = part_options(part, &parts, &root, options);
        // A sweep in another format than the table prints one document, the sweep's.
        options.quiet |= sweep && options.format != Format::Table;
        if let Some(report) = part.measure(part.parent_side(), &options)? {
            runs.push(report);
        }
    }
    if sweep && runs.len() == parts.len() {
        let sizes = parts.iter().filter_map(|p| p.size).collect();
        let report = SweepReport::new(group, PARAMETER, sizes, runs);
        sumbench::app::exit::print_out(&report.render(options.format)?)?;
        if !options.no_save {
            report.save(&root)?;
        }
    }
    if !options.no_save
        && levels == 4
        && let Err(error) = sumbench::export::index::write(&reports)
    {
        eprintln!(
            "note: the index of {} was not rewritten: {error:#}",
            reports.display()
        );
    }
    Ok(())
}

/// Longest folder name made from a name: well below the 255 bytes a file system allows.
const MAX_FOLDER: usize = 80;

/// The folder named after `name`: [`sumbench_page::fileset::folder_name`], and where that
/// is longer than [`MAX_FOLDER`] (a parameter such as `f64::MAX` written out), its start
/// and a hash of the whole name, so that two long names keep two folders.
fn folder(name: &str) -> String {
    let folder = sumbench_page::fileset::folder_name(name);
    if folder.len() <= MAX_FOLDER {
        return folder;
    }
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new();
    name.hash(&mut hasher);
    let mut start = String::new();
    for c in folder.chars() {
        if start.len() + c.len_utf8() > MAX_FOLDER - 17 {
            break;
        }
        start.push(c);
    }
    format!("{start}-{:016x}", hasher.finish())
}

/// The options of `part`: its folder inside the group's (the group's own when it is the
/// only one), and baselines named after the group and the part's folder, so that no two
/// comparisons of a bench share one (`main.parse.parameter-1000`).
fn part_options(part: &Part, parts: &[Part], root: &Path, options: &RunOptions) -> RunOptions {
    let mut options = options.clone();
    let inside: Option<String> = match (part.size, parts.len()) {
        (_, 1) => None,
        (Some(size), _) => Some(point_folder(PARAMETER, size)),
        (None, _) => Some(folder(&part.title)),
    };
    let dir: PathBuf = inside
        .as_ref()
        .map_or_else(|| root.to_owned(), |f| root.join(f));
    options.reports_dir = Some(dir);
    let mut suffix = folder(&part.group);
    if let Some(inside) = &inside {
        suffix = format!("{suffix}.{inside}");
    }
    let named = |name: &String| format!("{name}.{suffix}");
    options.save_baseline = options.save_baseline.as_ref().map(named);
    options.baseline = options.baseline.as_ref().map(named);
    options
}

#[cfg(test)]
mod tests;
