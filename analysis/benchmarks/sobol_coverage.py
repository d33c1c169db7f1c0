#!/usr/bin/env python3
"""Coverage of asmsim's Sobol' intervals on analytic functions (docs/sensitivity.md, "Coverage").

Runs `asmsim sweep` on the Ishigami function (a = 7, b = 0.1) and on the G-function
(a = 0, 1, 4.5, 9, 99, 99) with --designs independent randomised designs (seeds 1..designs), each of
N base rows and R randomisations, and counts how often the 95% intervals of S1 and ST in
/analysis hold the analytic values. Passes (exit 0) when, for each function, the share of S1
intervals and the share of ST intervals that cover lie in [0.90, 0.99]; exit 1 otherwise.

    python3 analysis/benchmarks/sobol_coverage.py [--designs 100] [--samples 128] [--randomisations 8]
                                                  [--asmsim build/bin/asmsim]

About 20 s of CPU with the defaults (2 x 100 sweeps of 5,120 and 8,192 points; 1 min 50 s wall-clock
on the shared 2-core development machine).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
PI = 3.141592653589793
G_A = [0, 1, 4.5, 9, 99, 99]


def ishigami_truth(a=7.0, b=0.1):
    v1, v2, v13 = 0.5 * (1 + b * np.pi ** 4 / 5) ** 2, a ** 2 / 8, b ** 2 * np.pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def gfunction_truth(a=G_A):
    vi = 1 / (3 * (1 + np.asarray(a, float)) ** 2)
    v = np.prod(1 + vi) - 1
    return vi / v, vi * np.prod(1 + vi) / (1 + vi) / v


def sweep_toml(model: str, seed: int, samples: int, randomisations: int, second_order: bool = False) -> str:
    """The sweep file of the Ishigami function or the G-function (also used by salib_check.py)."""
    if model == "ishigami":
        head, d, lo, hi = '[model]\nkind = "ishigami"\n', 3, -PI, PI
    else:
        head, d, lo, hi = f'[model]\nkind = "gfunction"\na = {G_A}\n', len(G_A), 0, 1
    params = "".join(f'[[parameters]]\nname = "x{i + 1}"\nmin = {lo!r}\nmax = {hi!r}\n' for i in range(d))
    return (f'name = "{model}_coverage"\nseed = {seed}\n{head}[design]\nkind = "sobol"\nsamples = {samples}\n'
            f'randomisations = {randomisations}\n' + ("second_order = true\n" if second_order else "") + params)


def coverage(asmsim: str, model: str, designs: int, samples: int, randomisations: int, work: Path):
    first, total = ishigami_truth() if model == "ishigami" else gfunction_truth()
    hits = {"S1": np.zeros(len(first)), "ST": np.zeros(len(first))}
    for seed in range(1, designs + 1):
        toml = work / f"{model}.toml"
        toml.write_text(sweep_toml(model, seed, samples, randomisations))
        out = work / f"{model}.h5"
        subprocess.run([asmsim, "sweep", str(toml), "-o", str(out), "--overwrite", "-q", "--threads", "1"], check=True)
        with h5py.File(out, "r") as f:
            for name, truth in (("S1", first), ("ST", total)):
                low, high = f[f"analysis/{name}_low"][0], f[f"analysis/{name}_high"][0]
                hits[name] += (low <= truth) & (truth <= high)
    return {name: h / designs for name, h in hits.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--designs", type=int, default=100, help="independent randomised designs per function")
    parser.add_argument("--samples", type=int, default=128, help="N base rows per randomisation (power of 2)")
    parser.add_argument("--randomisations", type=int, default=8, help="R scrambles per design")
    parser.add_argument("--asmsim", default=os.environ.get("ASMSIM_BIN", str(ROOT / "build" / "bin" / "asmsim")))
    parser.add_argument("--low", type=float, default=0.90, help="lowest acceptable pooled coverage")
    parser.add_argument("--high", type=float, default=0.99, help="highest acceptable pooled coverage")
    args = parser.parse_args(argv)
    ok = True
    print(f"95% intervals, {args.designs} designs of N = {args.samples} base rows x R = {args.randomisations} "
          f"randomisations each")
    with tempfile.TemporaryDirectory() as tmp:
        for model in ("ishigami", "gfunction"):
            c = coverage(args.asmsim, model, args.designs, args.samples, args.randomisations, Path(tmp))
            for name in ("S1", "ST"):
                pooled = float(np.mean(c[name]))
                good = args.low <= pooled <= args.high
                ok &= good
                per = " ".join(f"x{i + 1} {v:.2f}" for i, v in enumerate(c[name]))
                print(f"{model:9s} {name}: pooled coverage {pooled:.3f} ({'ok' if good else 'OUT OF RANGE'}); {per}")
    print("PASS" if ok else f"FAIL: pooled coverage outside [{args.low}, {args.high}]")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
