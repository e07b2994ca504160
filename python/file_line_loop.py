"""A `for line in f` loop: the file object yields one line at a time and the sum takes each
as it comes, blank lines skipped: the generator.

Compare with Rust's lines, which also makes one string per line.
"""

import filelib


def line_loop_sum(path, chunk_size):
    total = 0
    with open(path) as f:
        for line in f:
            if line.strip():
                total += int(line)
    return total


if __name__ == "__main__":
    filelib.main(line_loop_sum)
