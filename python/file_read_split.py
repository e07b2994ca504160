"""The whole file read into one string and split into a list of strings, each turned into an
int as the sum takes it: the list, as `f.read().split()` is written everywhere.

Compare with Rust's read_all, which holds the file's bytes and a Vec of every value: here
the list holds one str object per line (about 50 bytes each, several times the digits)
beside the text.
"""

import filelib


def read_split_sum(path, chunk_size):
    with open(path) as f:
        numbers = f.read().split()
    return sum(int(x) for x in numbers)


if __name__ == "__main__":
    filelib.main(read_split_sum)
