"""Shared by the file programs: arguments, the exact sum, the optional tracemalloc figure, the output.

Each program sums the numbers of a text file one way. Run as
`python3 PROGRAM PATH CHUNK_SIZE [--tracemalloc] [--import MODULE]...`; it prints one JSON
object: {"sum": ..., "work_ns": ..., "vm_hwm_bytes": ..., "tracemalloc_peak_bytes": ...},
as the seed's programs do (see seedlib.py for why the peak resident set is the program's
own VmHWM). work_ns is the reading and summing alone, timed around the call with
perf_counter_ns, the data's release included: importing pandas or polars takes from half a
second to a second, and varies between runs by more than polars takes to read the file, so
the time a program adds cannot be told from the difference of two whole processes.
CHUNK_SIZE is the bytes per read of the program that reads blocks; the others ignore it.
`--import` is for the baseline: it imports the libraries the programs of one row group
import, and reads nothing.

The input is what sumbench's reference reader accepts: one unsigned 64-bit integer per
line in ASCII digits (leading zeros allowed, at most 4,300 digits, Python's limit for int()),
LF or CRLF line endings, blank lines skipped, the last line with or without its newline,
and a sum below 2**64. sumbench checks the file before any program runs, so no program
needs to handle anything else.

The programs only stay a few lines long where this file does the one thing each library
gets wrong without a word: numpy, pandas and polars add 64-bit integers modulo 2**64, so
a sum that passes 2**64 comes back small and looks right. `exact_sum` checks it.
"""

import importlib
import json
import sys
import time
import tracemalloc


def main(strategy):
    """Parses the arguments, runs `strategy(path, chunk_size)` and prints its sum."""
    args = sys.argv[1:]
    trace = "--tracemalloc" in args
    args = [a for a in args if a != "--tracemalloc"]
    modules = []
    while "--import" in args:
        at = args.index("--import")
        modules.append(args[at + 1])
        del args[at : at + 2]
    if len(args) != 2:
        sys.exit(f"usage: {sys.argv[0]} PATH CHUNK_SIZE [--tracemalloc] [--import MODULE]...")
    path, chunk_size = args[0], int(args[1])
    if chunk_size < 1:
        sys.exit("CHUNK_SIZE must be at least 1")
    # Before tracing starts, as a program's own imports come before main().
    for module in modules:
        importlib.import_module(module)
    if trace:
        tracemalloc.start()
    start = time.perf_counter_ns()
    total = strategy(path, chunk_size)
    work_ns = time.perf_counter_ns() - start
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    print(
        json.dumps(
            {"sum": int(total), "work_ns": work_ns, "vm_hwm_bytes": vm_hwm_bytes(), "tracemalloc_peak_bytes": peak}
        )
    )


def exact_sum(wrapped, count, maximum, split):
    """The exact sum of `count` non-negative 64-bit integers whose largest is `maximum`.

    `wrapped` is their sum as the library computed it, in 64 bits, modulo 2**64 (an int64
    sum that passed 2**63 is negative; `% 2**64` restores it). While count × maximum stays
    below 2**64 no partial sum can wrap, so `wrapped` is the sum: one comparison, and no
    copy of the values. Otherwise `split()` returns the sums of the values' high and low 32
    bits (each below 2**64 for fewer than 2**32 values), and the sum is high × 2**32 + low,
    as a Python int; a sum past 2**64 is then printed as it is and sumbench finds it wrong.
    """
    if count == 0:
        return 0
    if count * int(maximum) < 2**64:
        return int(wrapped) % 2**64
    if count >= 2**32:
        raise OverflowError(f"{count} values: too many to check their sum in 64-bit halves")
    high, low = split()
    return (int(high) % 2**64) * 2**32 + int(low) % 2**64


def array_sum(values):
    """The exact sum of a numpy array of non-negative 64-bit integers (see `exact_sum`)."""
    if len(values) == 0:
        return 0
    return exact_sum(
        values.sum(),
        len(values),
        values.max(),
        lambda: ((values // 2**32).sum(), (values % 2**32).sum()),
    )


def vm_hwm_bytes():
    """This process's resident high-water mark in bytes, or None without /proc."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None
