//! The allocator-overhead baseline: the overhead group's points timed under the plain
//! system allocator. `benches/strategies.rs` times the same points under the counting
//! allocator, and the report divides one by the other. (Cargo runs bench binaries in name
//! order, so this one runs first and the report that ends `strategies` can use it.)

mod common;

use sumbench::suite::{self, Allocator};

fn main() {
    let points = suite::overhead_points(Allocator::System);
    let mut criterion = common::criterion();
    common::bench(
        &mut criterion,
        &points,
        sumbench::os::available_memory_bytes(),
    );
    criterion.final_summary();
}
