"""pandas.read_csv(header=None): the whole column in one DataFrame, summed with the overflow
checked.

pandas infers the column's type (int64, or uint64 for values past 2**63) and skips blank
lines; a file with no values at all is an EmptyDataError, whose sum is 0. Compare with
Rust's read_all, which also holds every value.
"""

import pandas as pd

import filelib


def read_csv_sum(path, chunk_size):
    try:
        frame = pd.read_csv(path, header=None)
    except pd.errors.EmptyDataError:
        return 0
    return filelib.array_sum(frame[0].to_numpy())


if __name__ == "__main__":
    filelib.main(read_csv_sum)
