use super::*;

#[test]
fn formats_bytes() {
    assert_eq!(bytes_human(0), "0 B");
    assert_eq!(bytes_human(1023), "1023 B");
    assert_eq!(bytes_human(80_000_000), "76.3 MiB");
    assert_eq!(bytes_human(201_326_592), "192.0 MiB");
    assert_eq!(signed_bytes_human(-2048), "-2.0 KiB");
    assert_eq!(signed_bytes_human(2048), "+2.0 KiB");
}

#[test]
fn parses_grouped_numbers() {
    assert_eq!(parse_grouped("10_000_000"), Some(10_000_000));
    assert_eq!(parse_grouped("10,000,000"), Some(10_000_000));
    assert_eq!(parse_grouped("0"), Some(0));
    for bad in [
        "",
        "_",
        "-5",
        "+5",
        "1.5",
        "ten",
        "99999999999999999999",
        "1__0",
        "_10",
        "10,",
        "1,_0",
    ] {
        assert_eq!(parse_grouped(bad), None, "{bad:?}");
    }
}

#[test]
fn groups_digits() {
    assert_eq!(grouped(0), "0");
    assert_eq!(grouped(999), "999");
    assert_eq!(grouped(1_000), "1,000");
    assert_eq!(grouped(201_326_592), "201,326,592");
}

#[test]
fn formats_durations() {
    assert_eq!(duration_human(12.0), "12 ns");
    assert_eq!(duration_human(2.0727), "2.07 ns");
    assert_eq!(duration_human(45_123_456.0), "45.12 ms");
    assert_eq!(duration_human(2_500_000_000.0), "2.500 s");
}
