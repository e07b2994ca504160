//! How a command ends: why it stops ([`Failure`], which decides the exit code), errors on
//! one line, and output that survives a closed pipe. Shared by `sumbench` and by a crate's
//! own comparison, so both end alike.

use std::io::{ErrorKind, Write};
use std::path::Path;
use std::process::ExitCode;

use sumbench_page::units::{bytes_human, grouped};

/// Why the program stops; decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// The input was wrong: exit 2, nothing measured or written.
    Usage(String),
    /// Something failed while running: exit 1.
    Runtime(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure::Runtime(error)
    }
}

impl Failure {
    /// Prints why the program stops, in one line, and gives its exit code: 2 for bad
    /// input, 1 for a failure while running.
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(self.report())
    }

    /// Prints why the program stops, in one line, and gives its exit status (2 or 1).
    pub fn report(&self) -> u8 {
        match self {
            Failure::Usage(message) => {
                sumbench_page::say!("error: {}", printable(message));
                2
            }
            Failure::Runtime(error) => {
                sumbench_page::say!("error: {}", printable(&format!("{error:#}")));
                1
            }
        }
    }
}

/// `text` on one line: control characters in it (a newline in a file name, say) are
/// written as escapes, so that an error stays one line.
pub fn printable(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// clap's message as one line: its first line, with the list of valid values when clap
/// puts it on a line of its own, and without the usage hint.
pub(crate) fn one_line(rendered: &str) -> String {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut line = lines
        .next()
        .unwrap_or("error: invalid arguments")
        .to_owned();
    // "the following required arguments were not provided:" lists them on the lines
    // below, before the usage.
    if line.ends_with(':') {
        let listed: Vec<&str> = lines
            .clone()
            .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
            .collect();
        if !listed.is_empty() {
            line.push(' ');
            line.push_str(&listed.join(", "));
        }
    }
    if let Some(values) = lines.find(|l| l.starts_with("[possible values:")) {
        line.push(' ');
        line.push_str(values);
    }
    line
}

/// Parses the command line as `P`: `--help` and `--version` are printed like any output
/// (a full device is exit 1, a closed pipe a normal end) and end with `Err(code)`; a bad
/// option is one line on stderr and exit 2.
pub fn parse_args<P: clap::Parser>() -> Result<P, ExitCode> {
    match P::try_parse() {
        Ok(parsed) => Ok(parsed),
        Err(error) if !error.use_stderr() => Err(match print_out(&error.render().to_string()) {
            Ok(_) => ExitCode::SUCCESS,
            Err(failure) => failure.exit_code(),
        }),
        Err(error) => {
            sumbench_page::say!("{}", one_line(&error.render().to_string()));
            Err(ExitCode::from(2))
        }
    }
}

/// Writes `text` to standard output. A closed pipe ends the output quietly (`Ok(false)`:
/// print nothing more); any other failure, such as a full disk, is a one-line error.
pub fn print_out(text: &str) -> Result<bool, Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Ok(false),
        Err(error) => Err(Failure::Runtime(anyhow::anyhow!(
            "cannot write to standard output: {error}"
        ))),
    }
}

/// A heap bound for people: its size, or "does not fit" where it saturated.
pub fn bound_text(bound: u64) -> String {
    if bound == u64::MAX {
        "more bytes than 64 bits can count".to_owned()
    } else {
        format!("{} ({} B)", bytes_human(bound), grouped(bound))
    }
}

/// Refuses, before it is allocated, a buffer of `count` items of `item_bytes` each (sized
/// by the option `option`) that would not fit in the available memory.
pub fn check_buffer(option: &str, count: u64, item_bytes: u64) -> Result<(), Failure> {
    let needed = count.saturating_mul(item_bytes);
    let available = crate::measure::os::available_memory_bytes().unwrap_or(u64::MAX);
    // Half the memory at most: the strategies need the rest.
    if needed > available / 2 {
        return Err(Failure::Usage(format!(
            "{option} {} needs {} of memory to keep its results, but only {} is available; \
             choose a smaller {option}",
            grouped(count),
            bound_text(needed),
            bytes_human(available)
        )));
    }
    Ok(())
}

/// Refuses, before anything runs, a reports directory that cannot be written, or a report
/// file's path that is taken by something other than a file.
pub fn writable(dir: &Path, files: &[&str]) -> Result<(), Failure> {
    sumbench_page::fileset::ensure_writable_dir(dir, files)
        .map_err(|e| Failure::Usage(format!("{e:#}")))
}
