"""polars' lazy scan, run by its streaming engine: pl.scan_csv(...).select(sum).collect(
engine="streaming"), with the count and the largest value in the same pass to check the
sum for overflow.

The values are never held as one column; the engine reads the file in large blocks and
parses them on every core, so it is compared with Rust's mmap_parallel, which holds the
file's pages (not its values) and parses on every core. An older polars, without the engine
argument, is asked for streaming=True instead.
"""

import polars as pl

import filelib


def collect(query):
    try:
        return query.collect(engine="streaming")
    except TypeError:
        return query.collect(streaming=True)


def scan_sum(path, chunk_size):
    column = pl.col("v")
    scan = pl.scan_csv(path, has_header=False, schema={"v": pl.UInt64}, raise_if_empty=False)
    wrapped, count, maximum = collect(
        scan.select(column.sum().alias("sum"), column.count().alias("count"), column.max().alias("max"))
    ).row(0)
    return filelib.exact_sum(
        wrapped,
        count,
        maximum or 0,
        lambda: collect(scan.select((column // 2**32).sum().alias("high"), (column % 2**32).sum().alias("low"))).row(0),
    )


if __name__ == "__main__":
    filelib.main(scan_sum)
