"""The seed's list: every number materialized in a list comprehension, then summed."""

import seedlib


def list_sum(n, chunk_size):
    numbers = [i for i in range(n)]
    return sum(numbers)


if __name__ == "__main__":
    seedlib.main(list_sum)
