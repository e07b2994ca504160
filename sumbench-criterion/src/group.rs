//! [`BenchmarkGroup`], [`BenchmarkId`] and [`Throughput`]: a group's benchmarks, named as
//! criterion names them (`group/function/parameter`).

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use crate::bencher::Bencher;
use crate::measurement::WallTime;
use crate::part::measure_group;
use crate::serve::Mode;

/// A benchmark's name inside its group: a function name, a parameter, or both.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BenchmarkId {
    function: Option<String>,
    parameter: Option<String>,
}

impl BenchmarkId {
    /// `function/parameter`.
    pub fn new<S: Into<String>, P: fmt::Display>(function: S, parameter: P) -> Self {
        Self {
            function: Some(function.into()),
            parameter: Some(parameter.to_string()),
        }
    }

    /// The parameter alone, for a group whose benchmarks differ only by it.
    pub fn from_parameter<P: fmt::Display>(parameter: P) -> Self {
        Self {
            function: None,
            parameter: Some(parameter.to_string()),
        }
    }
}

impl BenchmarkId {
    /// The function's name, where the id has one.
    pub(crate) fn function(&self) -> Option<&str> {
        self.function.as_deref()
    }

    /// The parameter, where the id has one.
    pub(crate) fn parameter(&self) -> Option<&str> {
        self.parameter.as_deref()
    }
}

impl fmt::Display for BenchmarkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.function, &self.parameter) {
            (Some(function), Some(parameter)) => write!(f, "{function}/{parameter}"),
            (Some(one), None) | (None, Some(one)) => f.write_str(one),
            (None, None) => Ok(()),
        }
    }
}

/// What can name a benchmark: a [`BenchmarkId`] or a string.
pub trait IntoBenchmarkId {
    /// The id.
    fn into_benchmark_id(self) -> BenchmarkId;
}

impl IntoBenchmarkId for BenchmarkId {
    fn into_benchmark_id(self) -> BenchmarkId {
        self
    }
}

impl<S: Into<String>> IntoBenchmarkId for S {
    fn into_benchmark_id(self) -> BenchmarkId {
        BenchmarkId {
            function: Some(self.into()),
            parameter: None,
        }
    }
}

/// How much one iteration processes. The report then gives MB/s (10^6 bytes a second,
/// for `Bytes` as for `BytesDecimal`) and the time per element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Throughput {
    /// Bytes per iteration.
    Bytes(u64),
    /// Bytes per iteration, in decimal units.
    BytesDecimal(u64),
    /// Elements per iteration.
    Elements(u64),
    /// Elements and bytes per iteration.
    ElementsAndBytes {
        /// Elements per iteration.
        elements: u64,
        /// Bytes per iteration.
        bytes: u64,
    },
}

impl Throughput {
    /// Elements and bytes per iteration, where given.
    pub(crate) fn amounts(self) -> (Option<u64>, Option<u64>) {
        match self {
            Self::Bytes(bytes) | Self::BytesDecimal(bytes) => (None, Some(bytes)),
            Self::Elements(elements) => (Some(elements), None),
            Self::ElementsAndBytes { elements, bytes } => (Some(elements), Some(bytes)),
        }
    }
}

/// Benchmarks compared with each other: one comparison, measured when the group ends.
pub struct BenchmarkGroup<'a, M = WallTime> {
    mode: &'a Mode,
    name: String,
    ids: Vec<BenchmarkId>,
    /// The throughput set when each of `ids` was added.
    throughputs: Vec<Option<Throughput>>,
    throughput: Option<Throughput>,
    finished: bool,
    measurement: PhantomData<M>,
}

impl<'a, M> BenchmarkGroup<'a, M> {
    pub(crate) fn new(mode: &'a Mode, name: String) -> Self {
        Self {
            mode,
            name,
            ids: Vec::new(),
            throughputs: Vec::new(),
            throughput: None,
            finished: false,
            measurement: PhantomData,
        }
    }

    /// Accepted and ignored: the engine's rounds are set by its time budget.
    pub fn sample_size(&mut self, _n: usize) -> &mut Self {
        self
    }

    /// Accepted and ignored: the engine's rounds are set by its time budget.
    pub fn measurement_time(&mut self, _time: Duration) -> &mut Self {
        self
    }

    /// Accepted and ignored: the engine warms each strategy up in its own rounds.
    pub fn warm_up_time(&mut self, _time: Duration) -> &mut Self {
        self
    }

    /// How much each benchmark added after this processes (see [`Throughput`]).
    pub fn throughput(&mut self, throughput: Throughput) -> &mut Self {
        self.throughput = Some(throughput);
        self
    }

    /// A benchmark of this group.
    pub fn bench_function<ID: IntoBenchmarkId, F>(&mut self, id: ID, mut f: F) -> &mut Self
    where
        F: FnMut(&mut Bencher),
    {
        self.bench(id.into_benchmark_id(), |b| f(b));
        self
    }

    /// A benchmark of this group on `input`.
    pub fn bench_with_input<ID: IntoBenchmarkId, I: ?Sized, F>(
        &mut self,
        id: ID,
        input: &I,
        mut f: F,
    ) -> &mut Self
    where
        F: FnMut(&mut Bencher, &I),
    {
        self.bench(id.into_benchmark_id(), |b| f(b, input));
        self
    }

    /// Does with one benchmark what this run does: calls it once, lists it, notes it
    /// for the group's rounds, or serves it.
    fn bench(&mut self, benchmark: BenchmarkId, mut f: impl FnMut(&mut Bencher)) {
        let id = benchmark.to_string();
        let full = format!("{}/{id}", self.name);
        match self.mode {
            Mode::Test(filter) if filter.selects(&full) => {
                let mut bencher = Bencher::once();
                f(&mut bencher);
                println!("Testing {full}\nSuccess");
            }
            Mode::List(filter) if filter.selects(&full) => println!("{full}: benchmark"),
            Mode::Measure(filter, _) if filter.selects(&full) => {
                if self.ids.contains(&benchmark) {
                    eprintln!("error: the group '{}' has two benchmarks '{id}'", self.name);
                    std::process::exit(2);
                }
                self.ids.push(benchmark);
                self.throughputs.push(self.throughput);
            }
            Mode::Serve(served) if served.serves(&self.name, &id) => {
                let mut bencher = Bencher::serve(served);
                f(&mut bencher);
                eprintln!("error: {full} called no iter method of its Bencher");
                std::process::exit(3);
            }
            _ => {}
        }
    }

    /// Ends the group: under `cargo bench`, its benchmarks are measured here.
    pub fn finish(mut self) {
        self.end();
    }

    fn end(&mut self) {
        if std::mem::replace(&mut self.finished, true) {
            return;
        }
        if let Mode::Measure(_, options) = self.mode
            && !self.ids.is_empty()
        {
            measure_group(&self.name, &self.ids, &self.throughputs, options);
        }
    }
}

impl<M> Drop for BenchmarkGroup<'_, M> {
    fn drop(&mut self) {
        self.end();
    }
}
