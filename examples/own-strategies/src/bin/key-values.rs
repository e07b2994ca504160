//! `cargo run --release -p own-strategies --bin key-values`: three ways to parse 10^6
//! `key=value` lines, side by side, each measured in a process of its own.
//! `KEY_VALUES_LINES` sets another number of lines.

use own_strategies::key_values::{borrowed, hash_map, text, vec_owned};
use sumbench::{Comparison, CountingAlloc};

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

fn main() -> std::process::ExitCode {
    let lines = match own_strategies::count_from_env("KEY_VALUES_LINES", 1_000_000) {
        Ok(lines) => lines as usize,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::from(2);
        }
    };
    let text = text(lines);
    Comparison::new("key-value parsing", text.as_str())
        .elements(lines as u64)
        .input_bytes(text.len() as u64)
        .reference(borrowed)
        .strategy("vec_owned", vec_owned)
        .strategy("hash_map", hash_map)
        .strategy("borrowed", borrowed)
        .main()
}
