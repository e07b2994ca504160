//! The memory budget, checked once: a strategy whose declared heap bound exceeds the
//! memory the kernel says is available is refused before anything is allocated. The side-by
//! -side run, a crate's own comparison, `--list` and the bench's memory pass all ask here,
//! and each says the refusal in its own words.

use super::os;

/// A heap bound that does not fit: what it needs and what is available, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooBig {
    /// The declared bound (`u64::MAX` where it saturated: more than 64 bits can count).
    pub needed: u64,
    /// What the kernel says is available (`MemAvailable`).
    pub available: u64,
}

/// Whether a strategy declaring `bound` heap bytes fits in `available` bytes; an unknown
/// amount available (`None`, not Linux) lets everything run.
pub fn heap_fits(bound: u64, available: Option<u64>) -> Result<(), TooBig> {
    match available {
        Some(available) if bound > available => Err(TooBig {
            needed: bound,
            available,
        }),
        _ => Ok(()),
    }
}

/// The memory the kernel says is available now, if it says.
pub fn available_memory() -> Option<u64> {
    os::available_memory_bytes()
}
