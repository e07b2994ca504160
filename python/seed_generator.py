"""The seed's generator: a generator expression, summed as it goes."""

import seedlib


def generator_sum(n, chunk_size):
    return sum(i for i in range(n))


if __name__ == "__main__":
    seedlib.main(generator_sum)
