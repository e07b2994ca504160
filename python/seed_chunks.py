"""The seed's chunks: islice takes chunk_size numbers at a time into a list, each summed."""

from itertools import islice

import seedlib


def chunks(iterable, size):
    iterator = iter(iterable)
    while True:
        chunk = list(islice(iterator, size))
        if not chunk:
            return
        yield chunk


def chunked_sum(n, chunk_size):
    return sum(sum(chunk) for chunk in chunks(range(n), chunk_size))


if __name__ == "__main__":
    seedlib.main(chunked_sum)
