"""Fixed-size blocks: read(CHUNK_SIZE) bytes at a time (64 KiB unless told), every complete
line of the block summed, the line cut at the block's end carried into the next: the chunks.

Compare with Rust's chunked, which does the same with one reused buffer. int() takes bytes
and ignores the whitespace around digits, so split() skips blank lines and CRs alike.
"""

import filelib


def chunked_sum(path, chunk_size):
    total = 0
    carry = b""
    with open(path, "rb") as f:
        while block := f.read(chunk_size):
            complete, _, carry = (carry + block).rpartition(b"\n")
            total += sum(map(int, complete.split()))
    return total + sum(map(int, carry.split()))


if __name__ == "__main__":
    filelib.main(chunked_sum)
