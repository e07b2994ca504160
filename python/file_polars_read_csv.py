"""polars.read_csv into a UInt64 column, summed by polars with the overflow checked.

polars reads blank lines as nulls, which its sum, max and count skip, so it agrees with the
other programs. It reads the file into memory in large blocks and parses them on every
core. Compare with Rust's read_all, which also holds the file's bytes and every value.
"""

import polars as pl

import filelib


def read_csv_sum(path, chunk_size):
    column = pl.read_csv(path, has_header=False, schema={"v": pl.UInt64}, raise_if_empty=False)["v"]
    return filelib.exact_sum(
        column.sum(),
        column.count(),
        column.max() or 0,
        lambda: ((column // 2**32).sum(), (column % 2**32).sum()),
    )


if __name__ == "__main__":
    filelib.main(read_csv_sum)
