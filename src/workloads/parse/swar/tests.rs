use super::*;

fn word(bytes: &[u8]) -> u64 {
    let mut padded = [0u8; 8];
    padded[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(padded)
}

#[test]
fn non_digits_flags_exactly_the_first_non_digit() {
    for byte in 0..=255u8 {
        for at in 0..8 {
            let mut bytes = *b"01234567";
            bytes[at] = byte;
            let flags = non_digits(u64::from_le_bytes(bytes));
            let first = (flags != 0).then(|| flags.trailing_zeros() as usize / 8);
            assert_eq!(
                first,
                (!byte.is_ascii_digit()).then_some(at),
                "{byte:#x} at {at}"
            );
        }
    }
}

#[test]
fn value_of_reads_one_to_eight_digits() {
    assert_eq!(value_of(word(b"12345678"), 8), 12_345_678);
    assert_eq!(value_of(word(b"99999999"), 8), 99_999_999);
    assert_eq!(value_of(word(b"7\n123456"), 1), 7);
    assert_eq!(value_of(word(b"0000042\n"), 7), 42);
    for n in [0u64, 1, 9, 10, 99, 100, 12_345, 9_999_999] {
        let text = n.to_string();
        assert_eq!(value_of(word(text.as_bytes()), text.len()), n);
    }
}

#[test]
fn parse_digits_checks_every_byte_and_the_range() {
    assert_eq!(parse_digits(b"18446744073709551615"), Some(u64::MAX));
    assert_eq!(parse_digits(b"18446744073709551616"), None);
    assert_eq!(parse_digits(b"99999999999999999999"), None);
    assert_eq!(parse_digits(&[b'0'; 1000]), Some(0));
    assert_eq!(parse_digits(b"000000000000000000000000000042"), Some(42));
    assert_eq!(parse_digits(b"1234567x9"), None);
    assert_eq!(parse_digits(b"123456789x"), None);
}

#[test]
fn both_newline_masks_agree() {
    let mut block = [b'5'; BLOCK];
    for at in [0, 1, 7, 8, 15, 16, 31, 32, 47, 48, 62, 63] {
        block[at] = b'\n';
    }
    block[20] = 0x8A; // '\n' with the high bit set is not a newline
    block[21] = 0x0B;
    let expected = block
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .fold(0u64, |mask, (at, _)| mask | 1 << at);
    assert_eq!(newlines(&block), expected);
    assert_eq!(newlines_portable(&block), expected);
}
