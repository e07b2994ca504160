#!/usr/bin/env python3
"""Reproducibility check for sumbench's verdict under an irregular background load.

Purpose
-------
sumbench names the fastest strategies (``verdict.fastest``): every strategy that
no other is resolvably faster than, by the rule "the whole paired-ratio
interval lies beyond 3 %". A verdict is only worth something if the next run,
on the same machine, does not contradict it. This script answers two questions:

1. Does the verdict contradict itself from run to run when the machine is
   disturbed by a background load that comes and goes at random?
2. How much steadier is a *paired* ratio (the median of the per-round ratios
   A/B, both timed in the same shuffled round) than the *unpaired* ratio of the
   two strategies' medians (median_ns(A) / median_ns(B))?

Method
------
* ``--load irregular`` (the default) starts one helper process (this script
  re-invoked with a hidden ``--burn`` flag) that alternates busy-looping and
  sleeping for random lengths of 50-400 ms each (``random.Random(seed)``). It is
  pinned to no core, so it competes with sumbench for the machine's cores, and
  it is stopped in a ``finally:`` (terminate, then kill after 2 s), also on
  Ctrl-C. ``--load none`` runs without it.
* sumbench is then run ``--runs K`` times (default 8), run k as
  ``sumbench --opaque --format json --no-save --runs R --seed S+k`` plus
  ``--extra-args``; R is ``--rounds`` (default 10) and S is ``--seed``
  (default 1), so the shuffled round orders are reproducible.
* From each run: the fastest set, the A/A noise floor
  (``noise.resolution_percent``), and for the pair A B (default ``lazy
  rayon_sum``) the paired ratio A/B with its interval (inverted when sumbench
  stores it as B/A) and the unpaired ratio of medians.

How to read it
--------------
* **Contradictions**: the number of pairs of runs (i < j) whose fastest sets
  share no strategy, out of K(K-1)/2. Two runs that both say "lazy or
  rayon_sum, tied" agree with one that says "lazy"; one that says "lazy" and
  another that says "rayon_sum" contradict each other. Any contradiction means
  the verdict is not reproducible on this machine under this load: run more
  rounds, or on a quieter machine. The exit status is 0 with no
  contradiction and 1 with some, so the check can gate a CI job.
* **Distinct fastest sets**: how many different answers came up; more than one
  is not in itself a contradiction (ties widen and narrow with the noise).
* **Paired vs unpaired spread**: for each kind of ratio, min, max, the spread
  max/min and the standard deviation of the log ratios (in %). A paired ratio
  cancels the load that both strategies of a round share, so its spread should
  be the smaller; the "steadier" factor is unpaired sd / paired sd.
* **Paired verdict per run**: "A faster" when the whole interval lies below
  0.97, "B faster" when it lies above 1/0.97, else "tied". Both "A faster" and
  "B faster" among the runs is a contradiction for the pair itself.

Output: ``OUT/reproducibility.json`` (settings, machine, date, every run's
figures, the summary) and ``OUT/reproducibility.md`` (a short page with the
command to reproduce it, a per-run table and the summary), each written
atomically; the summary is also printed on stdout, progress on stderr.

Exit status: 0 no contradiction, 1 some contradiction, 2 bad usage or a failed
sumbench run (one line on stderr), 130 interrupted.

Usage (from the repository root, after ``cargo build --release``)::

    python3 scripts/reproducibility.py
    python3 scripts/reproducibility.py --runs 3 --rounds 6 --extra-args="--n 1000000"

Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import random
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NoReturn, Sequence

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BINARY = "target/release/sumbench"
DEFAULT_PAIR = ("lazy", "rayon_sum")
RUN_TIMEOUT_S = 300.0
STOP_GRACE_S = 2.0
# sumbench's rule: a difference is resolved when the whole paired-ratio
# interval lies beyond 3 %, i.e. below 0.97 or above 1/0.97.
RESOLVE_LOW = 0.97
RESOLVE_HIGH = 1.0 / 0.97
BURN_MIN_S, BURN_MAX_S = 0.050, 0.400
IDLE_MIN_S, IDLE_MAX_S = 0.050, 0.400
# Options the script sets itself, so --extra-args must not repeat them.
RESERVED_OPTIONS = {
    "--runs", "--seed", "--format", "--no-save", "--opaque",
    "--list", "--help", "-h", "--version", "-V",
}


class CheckError(Exception):
    """A failure that ends the check with exit status 2 and one line on stderr."""


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

class OneLineParser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are a single line on stderr, status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = OneLineParser(
        prog="reproducibility.py",
        description="Does sumbench's fastest verdict contradict itself from run to run "
        "under an irregular background load, and how much steadier is a paired "
        "ratio than a ratio of unpaired medians?",
        epilog="Exit status: 0 no two runs contradict, 1 some do, 2 bad usage or a "
        "failed sumbench run, 130 interrupted.",
    )
    parser.add_argument("--runs", type=positive_int, default=8, metavar="K",
                        help="repetitions of the whole sumbench run (default 8)")
    parser.add_argument("--rounds", type=positive_int, default=10, metavar="R",
                        help="sumbench's --runs: measured rounds per run (default 10)")
    parser.add_argument("--load", choices=("none", "irregular"), default="irregular",
                        help="background load during the runs (default irregular)")
    parser.add_argument("--binary", default=DEFAULT_BINARY, metavar="PATH",
                        help=f"sumbench binary, relative to the repository root "
                        f"(default {DEFAULT_BINARY})")
    parser.add_argument("--out", default="reports", metavar="DIR",
                        help="where reproducibility.{json,md} are written (default reports)")
    parser.add_argument("--pair", nargs=2, default=list(DEFAULT_PAIR), metavar=("A", "B"),
                        help="the pair whose ratio A/B is followed (default lazy rayon_sum)")
    parser.add_argument("--seed", type=int, default=1, metavar="S",
                        help="run k (0-based) uses sumbench --seed S+k; the load uses S "
                        "(default 1)")
    parser.add_argument("--extra-args", default="", metavar="ARGS",
                        help='more sumbench options, one shell-quoted string: '
                        '--extra-args="--n 1000000"')
    # Hidden: the busy/idle load helper (this script re-invoked).
    parser.add_argument("--burn", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    try:
        args.extra = shlex.split(args.extra_args)
    except ValueError as exc:
        parser.error(f"--extra-args: {exc}")
    for token in args.extra:
        if token.split("=", 1)[0] in RESERVED_OPTIONS:
            parser.error(f"--extra-args must not contain {token.split('=', 1)[0]}: "
                         "the script sets it")
    if args.pair[0] == args.pair[1]:
        parser.error("--pair needs two different strategies")
    return args


# --------------------------------------------------------------------------
# The irregular load
# --------------------------------------------------------------------------

def burn(seed: int) -> int:
    """Alternate busy and idle periods of random length until terminated.

    Also exits when the parent disappears, so a killed parent leaves nothing behind.
    """
    rng = random.Random(seed)
    parent = os.getppid()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while os.getppid() == parent:
            end = time.perf_counter() + rng.uniform(BURN_MIN_S, BURN_MAX_S)
            x = 0
            while time.perf_counter() < end:
                for i in range(1000):
                    x = (x * 31 + i) & 0xFFFFFFFF
            time.sleep(rng.uniform(IDLE_MIN_S, IDLE_MAX_S))
    except KeyboardInterrupt:
        return 130
    return 0


def start_load(kind: str, seed: int) -> subprocess.Popen[bytes] | None:
    if kind == "none":
        return None
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--burn", str(seed)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def stop_load(proc: subprocess.Popen[bytes] | None) -> None:
    """Terminate the load helper, kill it if it is still there after 2 s, reap it."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --------------------------------------------------------------------------
# Running sumbench
# --------------------------------------------------------------------------

def resolve_binary(text: str) -> Path:
    path = Path(text)
    if not path.is_absolute():
        path = REPO_ROOT / path
    if not path.is_file() or not os.access(path, os.X_OK):
        raise CheckError(f"no executable sumbench at {path} (cargo build --release?)")
    return path


def sumbench_command(binary: Path | str, rounds: int, seed: int | str,
                     extra: Sequence[str]) -> list[str]:
    return [str(binary), "--opaque", "--format", "json", "--no-save",
            "--runs", str(rounds), "--seed", str(seed), *extra]


def run_sumbench(cmd: list[str]) -> tuple[dict[str, Any], list[str], float]:
    """Run one sumbench; return its JSON report, its stderr lines and its wall time."""
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              timeout=RUN_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise CheckError(f"sumbench timed out after {RUN_TIMEOUT_S:.0f} s: "
                         f"{shlex.join(cmd)}") from None
    except OSError as exc:
        raise CheckError(f"cannot run {cmd[0]}: {exc}") from None
    wall = time.monotonic() - start
    stderr_lines = [line for line in proc.stderr.splitlines() if line.strip()]
    if proc.returncode != 0:
        last = stderr_lines[-1] if stderr_lines else "no message"
        raise CheckError(f"sumbench exited with {proc.returncode}: {last}")
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise CheckError(f"sumbench printed no valid JSON: {exc}") from None
    return report, stderr_lines, wall


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------

@dataclass
class RunFigures:
    run: int
    seed: int
    run_id: str | None
    wall_s: float
    fastest: list[str]
    noise_percent: float
    noise_pair: str
    paired_median: float
    paired_low: float | None
    paired_high: float | None
    paired_coverage: float | None
    paired_rounds: int | None
    paired_stored_as: str
    paired_verdict: str
    unpaired: float
    median_a_ns: float
    median_b_ns: float
    warnings: list[str]


def paired_ratio(report: dict[str, Any], a: str, b: str) -> tuple[dict[str, Any], str]:
    """The paired ratio A/B from ``ratios``, inverted when stored as B/A."""
    for entry in report.get("ratios", []):
        num, den = entry["numerator"], entry["denominator"]
        if (num, den) == (a, b):
            return dict(entry), f"{a}/{b}"
        if (num, den) == (b, a):
            inv = dict(entry, numerator=a, denominator=b, median=1.0 / entry["median"])
            interval = entry.get("interval")
            if interval:
                inv["interval"] = dict(interval, low=1.0 / interval["high"],
                                       high=1.0 / interval["low"])
            return inv, f"{b}/{a}"
    raise CheckError(f"sumbench's ratios hold no pair {a}/{b} "
                     "(are both strategies run? see --extra-args)")


def classify(low: float | None, high: float | None, a: str, b: str) -> str:
    if low is None or high is None:
        return "tied"
    if high < RESOLVE_LOW:
        return f"{a} faster"
    if low > RESOLVE_HIGH:
        return f"{b} faster"
    return "tied"


def run_figures(k: int, seed: int, report: dict[str, Any], warnings: list[str],
                wall: float, a: str, b: str) -> RunFigures:
    medians = {r["strategy"]: float(r["median_ns"]) for r in report.get("results", [])}
    for name in (a, b):
        if name not in medians:
            raise CheckError(f"strategy {name!r} is not in sumbench's results "
                             f"(it ran: {', '.join(medians) or 'nothing'})")
    ratio, stored = paired_ratio(report, a, b)
    interval = ratio.get("interval") or {}
    low, high = interval.get("low"), interval.get("high")
    noise = report.get("noise") or {}
    noise_pair = noise.get("pair") or {}
    return RunFigures(
        run=k + 1,
        seed=seed,
        run_id=report.get("run_id"),
        wall_s=round(wall, 3),
        fastest=sorted(report["verdict"]["fastest"]),
        noise_percent=float(noise.get("resolution_percent", math.nan)),
        noise_pair=f"{noise_pair.get('numerator')}/{noise_pair.get('denominator')}",
        paired_median=float(ratio["median"]),
        paired_low=low,
        paired_high=high,
        paired_coverage=interval.get("coverage"),
        paired_rounds=ratio.get("rounds"),
        paired_stored_as=stored,
        paired_verdict=classify(low, high, a, b),
        unpaired=medians[a] / medians[b],
        median_a_ns=medians[a],
        median_b_ns=medians[b],
        warnings=warnings,
    )


def spread(values: Sequence[float]) -> dict[str, float | None]:
    """min, max, max/min and the standard deviation of the log values in %."""
    lo, hi = min(values), max(values)
    sd = (statistics.stdev([math.log(v) for v in values]) * 100.0
          if len(values) >= 2 else None)
    return {"min": lo, "max": hi, "spread": hi / lo, "sd_log_percent": sd}


def summarise(runs: list[RunFigures], a: str, b: str) -> dict[str, Any]:
    pairs = list(itertools.combinations(runs, 2))
    contradictions = [[x.run, y.run] for x, y in pairs
                      if not set(x.fastest) & set(y.fastest)]
    counts: dict[tuple[str, ...], int] = {}
    for r in runs:
        key = tuple(r.fastest)
        counts[key] = counts.get(key, 0) + 1
    verdicts = {v: sum(1 for r in runs if r.paired_verdict == v)
                for v in (f"{a} faster", f"{b} faster", "tied")}
    paired = spread([r.paired_median for r in runs])
    unpaired = spread([r.unpaired for r in runs])
    steadier = (unpaired["sd_log_percent"] / paired["sd_log_percent"]
                if paired["sd_log_percent"] and unpaired["sd_log_percent"] is not None
                else None)
    noise = [r.noise_percent for r in runs]
    return {
        "runs": len(runs),
        "run_pairs": len(pairs),
        "contradictions": len(contradictions),
        "contradicting_runs": contradictions,
        "distinct_fastest_sets": len(counts),
        "fastest_sets": [{"fastest": list(k), "runs": n}
                         for k, n in sorted(counts.items(), key=lambda kv: -kv[1])],
        "noise_percent": {"min": min(noise), "median": statistics.median(noise),
                          "max": max(noise)},
        "pair": [a, b],
        "paired": paired,
        "unpaired": unpaired,
        "unpaired_sd_over_paired_sd": steadier,
        "paired_verdicts": verdicts,
        "pair_contradicts": verdicts[f"{a} faster"] > 0 and verdicts[f"{b} faster"] > 0,
        "min_interval_coverage": min((r.paired_coverage for r in runs
                                      if r.paired_coverage is not None), default=None),
    }


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def write_atomic(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same directory."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; give it an ordinary file's mode
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def reproduce_command(args: argparse.Namespace) -> str:
    cmd = ["python3", "scripts/reproducibility.py", "--runs", str(args.runs),
           "--rounds", str(args.rounds), "--load", args.load, "--seed", str(args.seed),
           "--pair", *args.pair]
    if args.binary != DEFAULT_BINARY:
        cmd += ["--binary", args.binary]
    if args.out != "reports":
        cmd += ["--out", args.out]
    text = shlex.join(cmd)
    if args.extra:
        text += " --extra-args=" + shlex.quote(shlex.join(args.extra))
    return text


def summary_lines(s: dict[str, Any]) -> list[str]:
    a, b = s["pair"]
    p, u = s["paired"], s["unpaired"]
    lines = [
        f"contradictions: {s['contradictions']} of {s['run_pairs']} pairs of runs "
        "have disjoint fastest sets"
        + (f" (runs {', '.join(f'{i}&{j}' for i, j in s['contradicting_runs'])})"
           if s["contradictions"] else ""),
        f"distinct fastest sets: {s['distinct_fastest_sets']} ("
        + "; ".join(f"{{{', '.join(f['fastest'])}}} ×{f['runs']}" for f in s["fastest_sets"])
        + ")",
        f"noise floor (A/A): {s['noise_percent']['min']:.1f}–"
        f"{s['noise_percent']['max']:.1f} % (median {s['noise_percent']['median']:.1f} %)",
        f"paired   {a}/{b}: {fmt(p['min'])}–{fmt(p['max'])}, spread ×{fmt(p['spread'])}, "
        f"sd of log {fmt(p['sd_log_percent'], 1)} %",
        f"unpaired {a}/{b}: {fmt(u['min'])}–{fmt(u['max'])}, spread ×{fmt(u['spread'])}, "
        f"sd of log {fmt(u['sd_log_percent'], 1)} %",
    ]
    if s["unpaired_sd_over_paired_sd"] is not None:
        lines.append(f"the paired ratio is ×{s['unpaired_sd_over_paired_sd']:.2f} steadier "
                     "(unpaired sd / paired sd)")
    lines.append("paired verdicts: " + ", ".join(f"{k} {v}" for k, v
                                                 in s["paired_verdicts"].items())
                 + (" — the pair contradicts itself" if s["pair_contradicts"] else ""))
    return lines


def render_markdown(doc: dict[str, Any]) -> str:
    st, s = doc["settings"], doc["summary"]
    a, b = st["pair"]
    machine = doc.get("machine") or {}
    out = [
        "# sumbench reproducibility check",
        "",
        f"{doc['date']} · {machine.get('cpu_model', '?')}, {machine.get('cores', '?')} cores, "
        f"{machine.get('os', '?')} · sumbench {machine.get('sumbench_version', '?')}",
        "",
        f"sumbench was run {st['runs']} times, {st['rounds']} interleaved rounds each, "
        f"seeds {st['seeds'][0]}–{st['seeds'][-1]}, "
        + ("under an irregular background load (one busy-loop process, busy "
           "50–400 ms then idle 50–400 ms at random, competing for the cores)."
           if st["load"] == "irregular" else "with no added load."),
        "Each run: `" + shlex.join(st["sumbench_command"]) + "`, SEED its seed.",
        "",
        "Reproduce (from the repository root):",
        "",
        "```sh",
        doc["reproduce"],
        "```",
        "",
        "## Runs",
        "",
        f"| run | seed | fastest | noise floor % | paired {a}/{b} median [interval] "
        f"| paired verdict | unpaired {a}/{b} |",
        "|---:|---:|---|---:|---|---|---:|",
    ]
    for r in doc["runs"]:
        out.append(
            f"| {r['run']} | {r['seed']} | {', '.join(r['fastest'])} "
            f"| {r['noise_percent']:.1f} "
            f"| {r['paired_median']:.3f} [{fmt(r['paired_low'])}, {fmt(r['paired_high'])}] "
            f"| {r['paired_verdict']} | {r['unpaired']:.3f} |"
        )
    out += ["", "## Summary", ""]
    out += [f"- {line}" for line in summary_lines(s)]
    cov = s.get("min_interval_coverage")
    if cov is not None and cov < 0.95:
        out += ["", f"Note: with {st['rounds']} rounds the paired intervals cover only "
                f"{cov * 100:.0f} % (sumbench needs 6 or more rounds for 95 %)."]
    out += [
        "",
        "## How to read it",
        "",
        "- A *contradiction* is two runs whose fastest sets share no strategy "
        "(one says X, another says Y). Ties that widen or narrow are not contradictions. "
        "Any contradiction means the verdict is not reproducible here: run more rounds, "
        "or on a quieter machine.",
        f"- The *paired* ratio is the median of the per-round ratios {a}/{b}; the "
        f"*unpaired* one is median({a}) / median({b}). Pairing cancels the load both "
        "strategies of a round share, so its spread (max/min, and the sd of the log "
        "ratios) should be the smaller.",
        "- The paired verdict is resolved only when the whole interval lies below 0.97 "
        "or above 1/0.97 (sumbench's 3 % rule); otherwise the pair is tied.",
        "",
    ]
    return "\n".join(out)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def check(args: argparse.Namespace) -> int:
    binary = resolve_binary(args.binary)
    out_dir = Path(args.out)
    if not out_dir.is_absolute():
        out_dir = Path.cwd() / out_dir
    a, b = args.pair
    seeds = [args.seed + k for k in range(args.runs)]
    runs: list[RunFigures] = []
    machine: dict[str, Any] | None = None

    load = start_load(args.load, args.seed)
    try:
        for k, seed in enumerate(seeds):
            cmd = sumbench_command(binary, args.rounds, seed, args.extra)
            report, warnings, wall = run_sumbench(cmd)
            if machine is None:
                machine = report.get("machine")
            fig = run_figures(k, seed, report, warnings, wall, a, b)
            runs.append(fig)
            progress(f"run {k + 1}/{args.runs} seed {seed}: fastest {{{', '.join(fig.fastest)}}}, "
                     f"noise {fig.noise_percent:.1f} %, paired {a}/{b} "
                     f"{fig.paired_median:.3f}, unpaired {fig.unpaired:.3f} ({wall:.1f} s)")
    finally:
        stop_load(load)

    summary = summarise(runs, a, b)
    doc = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "settings": {
            "runs": args.runs,
            "rounds": args.rounds,
            "load": args.load,
            "load_periods_ms": {"busy": [BURN_MIN_S * 1e3, BURN_MAX_S * 1e3],
                                "idle": [IDLE_MIN_S * 1e3, IDLE_MAX_S * 1e3]},
            "load_seed": args.seed if args.load == "irregular" else None,
            "binary": str(binary),
            "pair": [a, b],
            "seeds": seeds,
            "extra_args": args.extra,
            "sumbench_command": sumbench_command(args.binary, args.rounds, "SEED",
                                                 args.extra),
            "resolve_rule": [RESOLVE_LOW, RESOLVE_HIGH],
        },
        "reproduce": reproduce_command(args),
        "machine": machine,
        "runs": [asdict(r) for r in runs],
        "summary": summary,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / "reproducibility.json", json.dumps(doc, indent=2) + "\n")
    write_atomic(out_dir / "reproducibility.md", render_markdown(doc))

    print(f"sumbench reproducibility: {args.runs} runs × {args.rounds} rounds, "
          f"load {args.load}")
    for line in summary_lines(summary):
        print(f"  {line}")
    print(f"  written: {out_dir / 'reproducibility.md'}, {out_dir / 'reproducibility.json'}")
    return 1 if summary["contradictions"] else 0


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.burn is not None:
        return burn(args.burn)
    # A SIGTERM stops the check like Ctrl-C does: sumbench killed, load stopped.
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        return check(args)
    except CheckError as exc:
        print(f"reproducibility.py: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("reproducibility.py: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"reproducibility.py: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
