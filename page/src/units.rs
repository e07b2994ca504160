//! Human-readable bytes and durations for tables; exact figures stay in the exports.

/// Bytes in binary units: `80000000` → `76.3 MiB`; below 1 KiB, plain bytes.
pub fn bytes_human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Signed bytes in binary units, with an explicit sign for growth.
pub fn signed_bytes_human(bytes: i64) -> String {
    let magnitude = bytes_human(bytes.unsigned_abs());
    match bytes {
        0 => magnitude,
        b if b > 0 => format!("+{magnitude}"),
        _ => format!("-{magnitude}"),
    }
}

/// Reads a whole number written with or without separators: `10_000_000`, `10,000,000`
/// and `10000000` all give 10,000,000. A separator stands alone between two digits, so
/// `1__0`, `_10` and `10,` are refused. `None` for anything else (a sign, a fraction, text).
pub fn parse_grouped(text: &str) -> Option<u64> {
    let is_separator = |c: char| matches!(c, '_' | ',');
    let groups: Vec<&str> = text.split(is_separator).collect();
    if groups
        .iter()
        .any(|group| group.is_empty() || !group.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    groups.concat().parse().ok()
}

/// A whole number with thousands separators: `80000000` → `80,000,000`.
pub fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// An allocation count, with the reallocations beside it when there were any:
/// `1 + 22 realloc`.
pub fn allocations_cell(allocations: u64, reallocations: u64) -> String {
    match reallocations {
        0 => grouped(allocations),
        _ => format!(
            "{} + {} realloc",
            grouped(allocations),
            grouped(reallocations)
        ),
    }
}

/// Nanoseconds in the unit that keeps 3–4 significant digits: `45_123_456` → `45.12 ms`;
/// below a microsecond, fractions of a nanosecond are kept (`2.07 ns`), since criterion
/// estimates a folded loop's time that finely.
pub fn duration_human(ns: f64) -> String {
    if ns < 1_000.0 {
        if ns.fract() == 0.0 {
            format!("{ns:.0} ns")
        } else {
            format!("{ns:.2} ns")
        }
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1_000_000_000.0 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.3} s", ns / 1e9)
    }
}

/// A percentage for sentences, with the decimals it has: `1 %`, `0.5 %`, `2.25 %`.
pub fn percent_text(percent: f64) -> String {
    let text = format!("{percent:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} %")
}

#[cfg(test)]
mod tests;
