//! [`Bencher`]: what a benchmark's closure gets, and how each of criterion's ways of
//! calling a routine becomes one of the engine's contenders.

use std::cell::RefCell;
use std::hint::black_box;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::time::Duration;

use sumbench::measure::Contender;

use crate::measurement::WallTime;
use crate::part::Served;

/// How many inputs `iter_batched` makes at once, in criterion. Accepted and ignored: the
/// engine makes one input per call, and as many at once as a timed sample needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BatchSize {
    /// Inputs that are small next to the routine's work.
    SmallInput,
    /// Inputs that are large next to it.
    LargeInput,
    /// One input per iteration.
    PerIteration,
    /// This many batches.
    NumBatches(u64),
    /// This many iterations per batch.
    NumIterations(u64),
}

/// What a benchmark's closure gets: it calls one of the `iter` methods once with its
/// routine.
pub struct Bencher<'a, M = WallTime> {
    kind: Kind<'a>,
    measurement: PhantomData<M>,
}

/// What calling the routine does in this run.
enum Kind<'a> {
    /// Call it once (`--test`).
    Once,
    /// Serve it to the parent's rounds; the process ends there.
    Serve(&'a Served),
}

impl<'a> Bencher<'a> {
    pub(crate) fn once() -> Self {
        Self::of(Kind::Once)
    }

    pub(crate) fn serve(served: &'a Served) -> Self {
        Self::of(Kind::Serve(served))
    }

    fn of(kind: Kind<'a>) -> Self {
        Self {
            kind,
            measurement: PhantomData,
        }
    }
}

impl<M> Bencher<'_, M> {
    /// Times `routine`; its output is dropped inside the call, as criterion's is.
    pub fn iter<O, R: FnMut() -> O>(&mut self, routine: R) {
        let routine = Local::new(RefCell::new(routine));
        self.run(|id| {
            Contender::new(id, move || {
                black_box((routine.get().borrow_mut())());
                Ok(())
            })
        });
    }

    /// Times `routine`, its output dropped after the call, outside time and memory.
    pub fn iter_with_large_drop<O, R: FnMut() -> O>(&mut self, mut routine: R) {
        self.iter_batched(|| (), move |()| routine(), BatchSize::SmallInput);
    }

    /// Times `routine` on an input `setup` makes for each call, outside time and memory;
    /// the output is dropped after the call, outside them too.
    pub fn iter_batched<I, O, S, R>(&mut self, mut setup: S, mut routine: R, _size: BatchSize)
    where
        S: FnMut() -> I,
        R: FnMut(I) -> O,
    {
        self.prepared(
            move || Some(setup()),
            move |input: &mut Option<I>| {
                let input = input.take();
                Ok(routine(
                    input.ok_or_else(|| anyhow::anyhow!("an input used twice"))?,
                ))
            },
        );
    }

    /// Times `routine` on a reference to an input `setup` makes for each call; input and
    /// output are dropped after the call, outside time and memory.
    pub fn iter_batched_ref<I, O, S, R>(&mut self, setup: S, mut routine: R, _size: BatchSize)
    where
        S: FnMut() -> I,
        R: FnMut(&mut I) -> O,
    {
        self.prepared(setup, move |input: &mut I| Ok(routine(input)));
    }

    /// The contender of both batched forms: `routine` on an input `setup` makes for each
    /// call, its output held until the call ends and dropped after it.
    fn prepared<I, O>(
        &mut self,
        setup: impl FnMut() -> I,
        routine: impl FnMut(&mut I) -> anyhow::Result<O>,
    ) {
        let setup = Local::new(RefCell::new(setup));
        let routine = Local::new(RefCell::new(routine));
        self.run(|id| {
            Contender::with_setup(
                id,
                move || Ok(Local::new((setup.get().borrow_mut())())),
                move |input: &mut Local<I>| {
                    let output = (routine.get().borrow_mut())(input.get_mut())?;
                    Ok(Local::new(black_box(output)))
                },
                |_, output| drop(output),
            )
        });
    }

    /// [`Bencher::iter_batched`] with one input per call.
    pub fn iter_with_setup<I, O, S, R>(&mut self, setup: S, routine: R)
    where
        S: FnMut() -> I,
        R: FnMut(I) -> O,
    {
        self.iter_batched(setup, routine, BatchSize::PerIteration);
    }

    /// Calls `routine(1)` as one iteration, timed by the engine's clock: the duration it
    /// returns is not used, since the engine times and pairs every call itself.
    pub fn iter_custom<R: FnMut(u64) -> Duration>(&mut self, routine: R) {
        let routine = Local::new(RefCell::new(routine));
        self.run(|id| {
            Contender::new(id, move || {
                black_box((routine.get().borrow_mut())(1));
                Ok(())
            })
        });
    }

    /// Calls the contender `make` builds once (`--test`), or serves it.
    fn run<'c>(&mut self, make: impl FnOnce(&str) -> Contender<'c, ()>) {
        match self.kind {
            Kind::Once => {
                let contender = make("once");
                if let Err(error) = contender.call() {
                    eprintln!("error: {error:#}");
                    std::process::exit(1);
                }
            }
            Kind::Serve(served) => served.serve(make),
        }
    }
}

/// A value that stays on the thread that made it. The engine's contenders are `Sync` and
/// their inputs and outputs `Send`, since a harness may move them; a criterion routine
/// need be neither. A worker calls its routine only on its main thread, and this wrapper
/// checks that: any use on another thread panics before touching the value, and a drop on
/// another thread leaks it.
struct Local<T> {
    owner: usize,
    value: ManuallyDrop<T>,
}

thread_local! {
    /// A byte whose address tells live threads apart: reading it is one thread-local
    /// access, cheaper than `std::thread::current()`, and it is on every call of a
    /// routine. Values are made on the worker's main thread, which lives as long as they do.
    static THREAD: u8 = const { 0 };
}

/// This thread's token: the address of its [`THREAD`].
fn this_thread() -> usize {
    THREAD.with(|byte| std::ptr::from_ref(byte) as usize)
}

// SAFETY: the value is reached only through `get` and `get_mut`, which check that the
// calling thread is the one that made it, and dropped only on that thread.
unsafe impl<T> Sync for Local<T> {}
// SAFETY: as above: moving the wrapper to another thread gives that thread no access.
unsafe impl<T> Send for Local<T> {}

impl<T> Local<T> {
    fn new(value: T) -> Self {
        Self {
            owner: this_thread(),
            value: ManuallyDrop::new(value),
        }
    }

    fn check(&self) {
        assert!(
            this_thread() == self.owner,
            "a criterion routine was called on another thread than the one that made it"
        );
    }

    fn get(&self) -> &T {
        self.check();
        &self.value
    }

    fn get_mut(&mut self) -> &mut T {
        self.check();
        &mut self.value
    }
}

impl<T> Drop for Local<T> {
    fn drop(&mut self) {
        if this_thread() == self.owner {
            // SAFETY: dropped once, here, on the thread that made it.
            unsafe { ManuallyDrop::drop(&mut self.value) }
        }
    }
}
