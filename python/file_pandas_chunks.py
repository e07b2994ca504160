"""pandas.read_csv(header=None, chunksize=ROWS): one DataFrame of at most ROWS rows at a time,
each summed (overflow checked) into a Python int.

ROWS is 100,000, a round figure a service would pick: 800 kB of values per chunk, so the
per-chunk overhead of a DataFrame is small beside the parsing. Compare with Rust's
chunked, which holds one 64 KiB buffer.
"""

import pandas as pd

import filelib

ROWS = 100_000


def read_csv_chunks_sum(path, chunk_size):
    try:
        chunks = pd.read_csv(path, header=None, chunksize=ROWS)
    except pd.errors.EmptyDataError:
        return 0
    total = 0
    with chunks:
        for chunk in chunks:
            total += filelib.array_sum(chunk[0].to_numpy())
    return total


if __name__ == "__main__":
    filelib.main(read_csv_chunks_sum)
