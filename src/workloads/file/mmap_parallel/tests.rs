use super::{split_point, sum_pieces, sum_text};
use proptest::prelude::*;

/// Lines of any length, very long ones included, each a number with leading zeros,
/// some blank, some ending in CRLF, the last perhaps without its newline.
fn text() -> impl Strategy<Value = Vec<u8>> {
    let line = (0usize..5_000, 0u64..1_000_000, prop::bool::ANY, prop::bool::weighted(0.1))
        .prop_map(|(zeros, value, crlf, blank)| {
            let mut line = if blank {
                Vec::new()
            } else {
                let mut digits = vec![b'0'; zeros % 64 + if zeros > 4_900 { 200_000 } else { 0 }];
                digits.extend_from_slice(value.to_string().as_bytes());
                digits
            };
            line.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
            line
        });
    (prop::collection::vec(line, 0..60), prop::bool::ANY).prop_map(|(lines, cut_last)| {
        let mut text = lines.concat();
        if cut_last && text.last() == Some(&b'\n') {
            text.pop();
            if text.last() == Some(&b'\r') {
                text.pop();
            }
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Every piece size, down to one byte, gives the one-pass sum: the cuts end and
    /// lose or repeat no line, however long the lines.
    #[test]
    fn pieces_add_up_to_the_one_pass_sum(text in text(), piece_bytes in 1usize..4_096) {
        let expected = sum_text("", &text).ok();
        prop_assert_eq!(sum_pieces(&text, piece_bytes), expected);
    }
}

#[test]
fn cuts_leave_text_on_both_sides_at_line_boundaries() {
    let cases: [&[u8]; 6] = [
        b"1\n2\n3\n4\n",
        b"1\n22222222222222\n",
        b"1111111111111111\n2\n",
        b"11111111111111111\n",
        b"\n\n",
        b"7",
    ];
    for text in cases {
        if let Some(cut) = split_point(text) {
            assert!(cut > 0 && cut < text.len(), "{text:?} at {cut}");
            assert_eq!(text[cut - 1], b'\n', "{text:?} at {cut}");
        }
    }
    assert_eq!(split_point(b"11111111111111111\n"), None);
    assert_eq!(split_point(b"1\n22222222222222\n"), Some(2));
}
