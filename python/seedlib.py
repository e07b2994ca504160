"""Shared by the seed's programs: arguments, the optional tracemalloc figure, the output.

Each program sums range(n) one way. Run as `python3 PROGRAM N CHUNK_SIZE [--tracemalloc]`;
it prints one JSON object: {"sum": ..., "vm_hwm_bytes": ..., "tracemalloc_peak_bytes": ...}.

vm_hwm_bytes is the kernel's resident high-water mark of this process's own memory
(VmHWM in /proc/self/status, null where there is none). The parent cannot take it from
wait4: a child started with vfork, as posix_spawn starts it, records the parent's
high-water mark as its own when it calls exec, so ru_maxrss is at least the parent's.
tracemalloc's peak is Python's own count of the memory its objects took at most (the
counterpart of sumbench's heap peak); it slows the program down, so it is off unless asked.
"""

import json
import sys
import tracemalloc


def main(strategy):
    """Parses the arguments, runs `strategy(n, chunk_size)` and prints its sum."""
    args = sys.argv[1:]
    trace = "--tracemalloc" in args
    args = [a for a in args if a != "--tracemalloc"]
    if len(args) != 2:
        sys.exit(f"usage: {sys.argv[0]} N CHUNK_SIZE [--tracemalloc]")
    n, chunk_size = int(args[0]), int(args[1])
    if n < 0 or chunk_size < 1:
        sys.exit("N must be at least 0 and CHUNK_SIZE at least 1")
    if trace:
        tracemalloc.start()
    total = strategy(n, chunk_size)
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    print(json.dumps({"sum": total, "vm_hwm_bytes": vm_hwm_bytes(), "tracemalloc_peak_bytes": peak}))


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
