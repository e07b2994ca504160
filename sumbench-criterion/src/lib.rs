//! criterion's API on the sumbench engine. A crate whose benches use criterion switches
//! with one line in its `Cargo.toml`:
//!
//! ```toml
//! [dev-dependencies]
//! criterion = { package = "sumbench-criterion", path = "…" }
//! ```
//!
//! Its `use criterion::{…}`, `criterion_group!`, `criterion_main!` and bench code compile
//! unchanged. Every benchmark of a group becomes a strategy of one comparison
//! ([`sumbench::Comparison`]'s engine): each runs in a worker process of its own, the
//! group's benchmarks are timed in interleaved rounds and compared by paired ratios, and
//! each gets exact peak heap, allocations and bytes, peak RSS and page faults for one
//! iteration of its routine. The report goes to `sumbench/reports/criterion/GROUP/` in the
//! target directory.
//!
//! `criterion_main!` declares sumbench's counting allocator as the global allocator; a
//! bench that declares its own gets rustc's error on two global allocators, and should
//! drop its own to be measured.
//!
//! # Implementation
//!
//! A routine exists only while the user's closure runs, so the parent never calls one: at
//! a group's end it starts one worker per benchmark by re-running the bench binary with
//! the group's benchmark names in its environment. The worker runs the user's code up to
//! that benchmark, and there serves its routine to the parent's rounds. Settings that shape
//! criterion's own sampling (`sample_size`, `measurement_time`, `warm_up_time`,
//! `nresamples`, `noise_threshold`, `confidence_level`, `significance_level`, plots) are
//! accepted and ignored: the engine's rounds are set by its `--time` budget and its
//! threshold.

mod bencher;
mod group;
mod part;
mod serve;

use std::time::Duration;

pub use bencher::{BatchSize, Bencher};
pub use group::{BenchmarkGroup, BenchmarkId, IntoBenchmarkId, Throughput};
pub use std::hint::black_box;

use serve::Mode;

/// Measurement types, as criterion names them: only wall time is measured.
pub mod measurement {
    /// Wall time, criterion's default measurement.
    #[derive(Debug, Clone, Copy, Default)]
    pub struct WallTime;

    /// The measurements this crate takes: wall time only. A custom measurement given to
    /// [`Criterion::with_measurement`](crate::Criterion::with_measurement) fails to
    /// compile with this trait's message.
    #[diagnostic::on_unimplemented(
        message = "sumbench-criterion measures wall time only, not `{Self}`",
        note = "remove `with_measurement`, or point the `criterion` dependency back at criterion for a custom Measurement"
    )]
    pub trait WallTimeOnly: private::Sealed {}

    impl WallTimeOnly for WallTime {}

    mod private {
        pub trait Sealed {}
        impl Sealed for super::WallTime {}
    }
}

/// The benchmark manager: what the command line asks of every group.
#[derive(Debug)]
pub struct Criterion<M = measurement::WallTime> {
    mode: Mode,
    measurement: std::marker::PhantomData<M>,
}

impl Default for Criterion {
    fn default() -> Self {
        Self {
            mode: Mode::from_args(),
            measurement: std::marker::PhantomData,
        }
    }
}

impl<M> Criterion<M> {
    /// Reads the command line again: `cargo bench -- FILTER`, `--test`, `--list`,
    /// `--save-baseline NAME`, `--baseline NAME`.
    pub fn configure_from_args(mut self) -> Self {
        self.mode = Mode::from_args();
        self
    }

    /// The measurement: only [`measurement::WallTime`] compiles.
    pub fn with_measurement<M2: measurement::WallTimeOnly>(
        self,
        _measurement: M2,
    ) -> Criterion<M2> {
        Criterion {
            mode: self.mode,
            measurement: std::marker::PhantomData,
        }
    }

    /// Accepted and ignored: the engine's rounds are set by its time budget.
    pub fn sample_size(self, _n: usize) -> Self {
        self
    }

    /// Accepted and ignored: the engine's rounds are set by its time budget.
    pub fn measurement_time(self, _time: Duration) -> Self {
        self
    }

    /// Accepted and ignored: the engine warms each strategy up in its own rounds.
    pub fn warm_up_time(self, _time: Duration) -> Self {
        self
    }

    /// Accepted and ignored: the engine's intervals are distribution-free.
    pub fn nresamples(self, _n: usize) -> Self {
        self
    }

    /// Accepted and ignored: a difference counts when its paired interval lies beyond
    /// the engine's threshold.
    pub fn noise_threshold(self, _threshold: f64) -> Self {
        self
    }

    /// Accepted and ignored: the engine's intervals are 95 %.
    pub fn confidence_level(self, _level: f64) -> Self {
        self
    }

    /// Accepted and ignored.
    pub fn significance_level(self, _level: f64) -> Self {
        self
    }

    /// Accepted and ignored: the report's charts are always drawn.
    pub fn without_plots(self) -> Self {
        self
    }

    /// Accepted and ignored.
    pub fn with_plots(self) -> Self {
        self
    }

    /// A group of benchmarks compared with each other.
    pub fn benchmark_group<S: Into<String>>(&mut self, name: S) -> BenchmarkGroup<'_, M> {
        BenchmarkGroup::new(&self.mode, name.into())
    }

    /// One benchmark, as a group of its own.
    pub fn bench_function<F>(&mut self, id: &str, f: F) -> &mut Self
    where
        F: FnMut(&mut Bencher),
    {
        let mut group = self.benchmark_group(id);
        group.bench_function(id, f);
        group.finish();
        self
    }

    /// One benchmark on `input`, as a group of its own.
    pub fn bench_with_input<I: ?Sized, F>(&mut self, id: BenchmarkId, input: &I, f: F) -> &mut Self
    where
        F: FnMut(&mut Bencher, &I),
    {
        let name = id.to_string();
        let mut group = self.benchmark_group(name.clone());
        group.bench_with_input(id, input, f);
        group.finish();
        self
    }

    /// What criterion prints at the end; the reports are already written.
    pub fn final_summary(&mut self) {}
}

/// Defines a function that runs each target with one [`Criterion`], as criterion's macro
/// does, in both its forms.
#[macro_export]
macro_rules! criterion_group {
    (name = $name:ident; config = $config:expr; targets = $( $target:path ),+ $(,)*) => {
        pub fn $name() {
            let mut criterion: $crate::Criterion = $config.configure_from_args();
            $( $target(&mut criterion); )+
        }
    };
    ($name:ident, $( $target:path ),+ $(,)*) => {
        $crate::criterion_group!(
            name = $name;
            config = $crate::Criterion::default();
            targets = $( $target ),+
        );
    };
}

/// Defines `main`, which runs every group, and declares sumbench's counting allocator as
/// the binary's global allocator, so that every benchmark's memory is counted.
#[macro_export]
macro_rules! criterion_main {
    ( $( $group:path ),+ $(,)* ) => {
        #[global_allocator]
        static SUMBENCH_ALLOCATOR: $crate::__private::CountingAlloc =
            $crate::__private::CountingAlloc;

        fn main() {
            $( $group(); )+
            $crate::__private::finish();
        }
    };
}

/// What the macros need; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use sumbench::CountingAlloc;

    /// The end of `main`: a worker that reached it served nothing, which is an error.
    pub fn finish() {
        super::serve::finish();
    }
}
