//! Eight bytes at a time: finding newlines, checking digits and turning up to eight ASCII
//! digits into their value with a few multiplies (SWAR, "SIMD within a register").
//!
//! Words are read little-endian, so the first byte of the text is the lowest byte of the
//! word: the most significant digit sits in the low byte. Every function here is exact
//! for the bytes it is asked about (see [`non_digits`] for the one subtlety).

/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Bytes per block of [`newlines`].
pub(super) const BLOCK: usize = 64;

/// The word made of `bytes[at..at + 8]`, first byte lowest.
#[inline(always)]
pub(super) fn word_at(bytes: &[u8], at: usize) -> u64 {
    let eight: [u8; 8] = bytes[at..at + 8].try_into().expect("eight bytes");
    u64::from_le_bytes(eight)
}

/// The high bit of each byte of `word` that is not an ASCII digit. Exact where it matters:
/// the lowest flagged byte is the first non-digit, and a flag is never raised below a
/// byte that is itself a non-digit (the borrow of the subtraction and the carry of the
/// addition only travel upwards, from a byte already flagged). So "no flag in the low k
/// bytes" means exactly "the first k bytes are digits".
#[inline(always)]
pub(super) fn non_digits(word: u64) -> u64 {
    // Below b'0': the subtraction wraps into the high bit; `& !word` drops bytes ≥ 0x80,
    // which `above` flags.
    let below = word.wrapping_sub(ONES * u64::from(b'0')) & !word;
    // Above b'9': adding 0x46 reaches the high bit from 0x3A up; `| word` keeps bytes ≥ 0x80.
    let above = word.wrapping_add(ONES * (0x7F - u64::from(b'9'))) | word;
    (below | above) & HIGH
}

/// The value of the first `digits` bytes of `word` (1 to 8), which must be ASCII digits;
/// the bytes after them are ignored. The digits are shifted to the top of the word, so the
/// emptied low bytes read as leading zeros, then neighbours are combined by multiplies:
/// digit pairs, then pairs of pairs, then the two halves. Three multiplies for any
/// length, where a loop takes one multiply-add per digit; the constants are `10 << 8 | 1`,
/// `100 << 16 | 1` and `10_000 << 32 | 1`, each adding ten (a hundred, ten thousand) times
/// a lane to its neighbour above, no lane ever carrying into the next (≤ 99, ≤ 9,999,
/// ≤ 99,999,999).
#[inline(always)]
pub(super) fn value_of(word: u64, digits: usize) -> u64 {
    debug_assert!((1..=8).contains(&digits));
    let v = (word << (64 - 8 * digits as u32)) & (ONES * 0x0F);
    let v = (v.wrapping_mul(10 << 8 | 1) >> 8) & 0x00FF_00FF_00FF_00FF;
    let v = (v.wrapping_mul(100 << 16 | 1) >> 16) & 0x0000_FFFF_0000_FFFF;
    v.wrapping_mul(10_000 << 32 | 1) >> 32
}

/// The value of `digits`, a run of ASCII digits of any length, leading zeros allowed;
/// `None` if a byte is not a digit or the value exceeds `u64::MAX` (the same verdict as
/// adding one digit at a time with checked arithmetic: a step overflows only if the whole
/// number does). Used for lines the block loop leaves to the slow path: longer than eight
/// bytes, near the end of the text, with a `\r`, or bad.
#[inline]
pub(super) fn parse_digits(digits: &[u8]) -> Option<u64> {
    let mut value = 0u64;
    let mut chunks = digits.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if non_digits(word) != 0 {
            return None;
        }
        value = value
            .checked_mul(100_000_000)?
            .checked_add(value_of(word, 8))?;
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return Some(value);
    }
    // The last 1–7 digits at the top of a word of zeros: the padding reads as leading zeros.
    let mut padded = [b'0'; 8];
    padded[8 - rest.len()..].copy_from_slice(rest);
    let word = u64::from_le_bytes(padded);
    if non_digits(word) != 0 {
        return None;
    }
    value
        .checked_mul(10u64.pow(rest.len() as u32))?
        .checked_add(value_of(word, 8))
}

/// Bit `i` set where `block[i]` is `\n`. On x86_64 with SSE2, which every x86_64 processor
/// has, so no runtime check: four 16-byte compares and their byte masks. Elsewhere the
/// portable word-at-a-time version.
#[inline(always)]
pub(super) fn newlines(block: &[u8; BLOCK]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        let lane = |at: usize| {
            // SAFETY: SSE2 is in x86_64's baseline; the unaligned load reads
            // `block[at..at + 16]`, inside the 64-byte array for every `at` used below.
            unsafe {
                let bytes = _mm_loadu_si128(block.as_ptr().add(at).cast::<__m128i>());
                let equal = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'\n' as i8));
                u64::from(_mm_movemask_epi8(equal) as u16)
            }
        };
        lane(0) | lane(16) << 16 | lane(32) << 32 | lane(48) << 48
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        newlines_portable(block)
    }
}

/// [`newlines`] without `std::arch`: per word, the exact zero-byte test on `word ^ "\n"×8`,
/// and the eight flags gathered into eight bits by one multiply.
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline(always)]
pub(super) fn newlines_portable(block: &[u8; BLOCK]) -> u64 {
    let mut mask = 0;
    for word_index in 0..BLOCK / 8 {
        let word = word_at(block, word_index * 8) ^ (ONES * u64::from(b'\n'));
        // High bit set exactly where a byte is zero (no carry crosses a byte: each lane
        // adds at most 0x7F to at most 0x7F).
        let low7 = (word & !HIGH).wrapping_add(!HIGH & (ONES * 0x7F));
        let zero = !(low7 | word) & HIGH;
        // Bit 7 of byte j moves to bit 56 + j; the top byte is the eight flags in order.
        let flags = (zero >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask |= flags << (word_index * 8);
    }
    mask
}

#[cfg(test)]
mod tests;
