"""The baseline: the interpreter starting and summing range(n), which holds no list.

Subtracting its time and peak RSS from the other programs' leaves what each strategy adds.
"""

import seedlib


def range_sum(n, chunk_size):
    return sum(range(n))


if __name__ == "__main__":
    seedlib.main(range_sum)
