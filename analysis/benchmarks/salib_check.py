#!/usr/bin/env python3
"""SALib itself, run on asmsim's second-order Sobol' outputs, gives asmsim's S1, ST and S2.

Runs `asmsim sweep` (second order on) on the Ishigami function (d = 3) and on the G-function
(d = 6), runs `asmsim analyze` on each file, then takes the outputs of each randomisation r in
point order (the documented SALib order: per base row A, AB_1..AB_d, BA_1..BA_d, B) straight from
the HDF5 file and gives them to SALib's `SALib.analyze.sobol.analyze(problem, Y,
calc_second_order=True, ...)`. Compares SALib's S1, ST and S2 with asmsim's estimates of that
randomisation (/analysis/S1_by_randomisation, ST_..., S2_...), and the mean of SALib's estimates
over the randomisations with asmsim's reported indices (/analysis/S1, ST, S2). It also checks
that the blocks hold what their labels say (AB_i is A with column i from B, BA_i is B with
column i from A, in the unit cube), so the order compared is the design's real order.

Exit 0 when every difference is at most --tolerance (1e-9), 1 when one is larger, 2 when SALib
cannot be imported (SALib is not packaged in Debian 12: point --salib-src at a SALib source tree,
the directory holding the SALib package or a checkout with src/SALib; ASMSIM_SALIB_SRC is the
default), 3 when asmsim fails.

    python3 analysis/benchmarks/salib_check.py --salib-src /tmp/salib_src
        [--asmsim build/bin/asmsim] [--samples 256] [--randomisations 4] [--num-resamples 100]
        [--seed 20260101] [--file OUT.h5 ...] [--swap-blocks I J]

--file checks existing second-order Sobol' files instead of running the two sweeps;
--swap-blocks I J exchanges blocks I and J of every row before SALib reads it (a check that the
comparison can fail: any swap must make it fail). A few seconds of CPU with the defaults.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from sobol_coverage import sweep_toml  # noqa: E402  the same Ishigami and G-function sweep files


class SalibMissing(RuntimeError):
    pass


def import_salib(src: str | os.PathLike | None):
    """The SALib.analyze.sobol module, from `src` (a directory holding the SALib package, or a
    checkout with src/SALib) when given, else from the installed packages. Raises SalibMissing."""
    if src:
        path = Path(src).expanduser().resolve()
        if (path / "src" / "SALib").is_dir():
            path = path / "src"
        if not (path / "SALib" / "analyze" / "sobol.py").is_file():
            raise SalibMissing(f"no SALib source at {src} (expected SALib/analyze/sobol.py or src/SALib/analyze/sobol.py under it)")
        sys.path.insert(0, str(path))
    try:
        salib = importlib.import_module("SALib")
        sobol = importlib.import_module("SALib.analyze.sobol")
    except ImportError as e:
        where = f"from {src}" if src else "(not installed; SALib is not packaged in Debian 12)"
        raise SalibMissing(f"SALib cannot be imported {where}: {e}. Give --salib-src PATH "
                           f"(or ASMSIM_SALIB_SRC) pointing at a SALib source tree.") from e
    return salib, sobol


def run(cmd: list[str]) -> None:
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stdout}{r.stderr}")


def make_sweeps(asmsim: str, work: Path, seed: int, samples: int, randomisations: int) -> list[Path]:
    files = []
    for model in ("ishigami", "gfunction"):
        toml, out = work / f"{model}.toml", work / f"{model}.h5"
        toml.write_text(sweep_toml(model, seed, samples, randomisations, second_order=True))
        run([asmsim, "sweep", str(toml), "-o", str(out), "-q", "-t", "1", "--overwrite"])
        files.append(out)
    return files


def decode(values) -> list[str]:
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def compare_file(path: Path, sobol, num_resamples: int = 100, seed: int = 1,
                 swap: tuple[int, int] | None = None) -> dict[str, float]:
    """Max absolute differences between SALib (per randomisation, and the mean over them) and
    asmsim's stored estimates in `path`, by index: keys S1, ST, S2 (per randomisation) and
    S1_mean, ST_mean, S2_mean (asmsim's reported indices); plus 'randomisations', 'd'."""
    with h5py.File(path, "r") as f:
        design, an = f["design"], f["analysis"]
        attrs = design.attrs
        if attrs["kind"] != "sobol" or not int(attrs["second_order"]):
            raise ValueError(f"{path}: not a second-order Sobol' sweep")
        if not str(attrs["block_order"]).startswith("A, AB_1..AB_d, BA_1..BA_d"):
            raise ValueError(f"{path}: block order {attrs['block_order']!r} is not SALib's")
        names = decode(design["parameter"][()])
        d, blocks, n, reps = len(names), int(attrs["blocks"]), int(attrs["base_samples"]), int(attrs["randomisations"])
        assert blocks == 2 * d + 2, (blocks, d)
        point = design["point"][()]
        assert np.array_equal(point, np.arange(point.size)) and np.array_equal(f["results/point"][()], point)
        block, rnd, group = design["block"][()], design["randomisation"][()], design["group"][()]
        unit = design["unit_sample"][()]
        status = f["results/status"][()]
        if np.any(status != 0):
            raise ValueError(f"{path}: {int(np.sum(status != 0))} failed points; this check needs a complete sweep")
        value = f["results/value"][()].mean(axis=1)            # (point, statistic): mean over replicates
        statistics = decode(f["results/statistic"][()])
        assert decode(an["statistic"][()]) == statistics and decode(an["parameter"][()]) == names
        by = {k: an[f"{k}_by_randomisation"][()] for k in ("S1", "ST", "S2")}
        mean = {k: an[k][()] for k in ("S1", "ST", "S2")}

    # The documented point order: point = g * blocks + k, base row g = r N + j.
    g = point // blocks
    assert np.array_equal(block, point % blocks) and np.array_equal(group, g) and np.array_equal(rnd, g // n)
    # The blocks hold what their labels say (unit cube): AB_i = A with column i from B, BA_i = B with column i from A.
    cube = unit.reshape(-1, blocks, d)
    a, b = cube[:, 0], cube[:, blocks - 1]
    for i in range(d):
        ab, ba = a.copy(), b.copy()
        ab[:, i], ba[:, i] = b[:, i], a[:, i]
        assert np.array_equal(cube[:, 1 + i], ab) and np.array_equal(cube[:, 1 + d + i], ba), f"block labels of parameter {i}"

    problem = {"num_vars": d, "names": names, "bounds": [[0.0, 1.0]] * d}
    diff = {k: 0.0 for k in ("S1", "ST", "S2", "S1_mean", "ST_mean", "S2_mean")}
    for s in range(len(statistics)):
        salib = {k: [] for k in ("S1", "ST", "S2")}
        for r in range(reps):
            rows = value[rnd == r, s].reshape(n, blocks)     # row j: blocks 0..2d+1 of base row r N + j
            if swap is not None:
                rows = rows.copy()
                rows[:, [swap[0], swap[1]]] = rows[:, [swap[1], swap[0]]]
            si = sobol.analyze(problem, rows.ravel(), calc_second_order=True,
                               num_resamples=num_resamples, seed=seed)
            for k in ("S1", "ST", "S2"):
                ours, theirs = by[k][s, r], np.asarray(si[k])
                if k == "S2" and not np.array_equal(np.isnan(ours), np.isnan(theirs)):
                    diff[k] = np.inf                          # NaN pattern (upper triangle only) differs
                ok = ~np.isnan(theirs) & ~np.isnan(ours)
                diff[k] = max(diff[k], float(np.max(np.abs(ours[ok] - theirs[ok]))))
                salib[k].append(theirs)
        for k in ("S1", "ST", "S2"):
            m = np.mean(salib[k], axis=0)
            ok = ~np.isnan(m) & ~np.isnan(mean[k][s])
            diff[f"{k}_mean"] = max(diff[f"{k}_mean"], float(np.max(np.abs(m[ok] - mean[k][s][ok]))))
    diff["randomisations"], diff["d"] = reps, d
    return diff


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--salib-src", default=os.environ.get("ASMSIM_SALIB_SRC"),
                    help="SALib source tree (directory holding SALib/, or a checkout with src/SALib); default $ASMSIM_SALIB_SRC, else the installed SALib")
    ap.add_argument("--asmsim", default=os.environ.get("ASMSIM_BIN", str(ROOT / "build" / "bin" / "asmsim")))
    ap.add_argument("--samples", type=int, default=256, help="N base rows per randomisation (a power of 2)")
    ap.add_argument("--randomisations", type=int, default=4)
    ap.add_argument("--seed", type=int, default=20260101, help="sweep seed")
    ap.add_argument("--num-resamples", type=int, default=100, help="SALib's bootstrap resamples (its intervals are not compared)")
    ap.add_argument("--file", nargs="*", type=Path, help="check these second-order Sobol' sweep files instead")
    ap.add_argument("--swap-blocks", nargs=2, type=int, metavar=("I", "J"), help="exchange blocks I and J before SALib reads them (must fail)")
    ap.add_argument("--tolerance", type=float, default=1e-9)
    args = ap.parse_args()

    try:
        salib, sobol = import_salib(args.salib_src)
    except SalibMissing as e:
        print(f"salib_check: {e}", file=sys.stderr)
        return 2
    print(f"SALib {getattr(salib, '__version__', '?')} from {Path(sobol.__file__).resolve()}")
    swap = tuple(args.swap_blocks) if args.swap_blocks else None
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        try:
            files = args.file or make_sweeps(args.asmsim, Path(tmp), args.seed, args.samples, args.randomisations)
            for path in files:
                run([args.asmsim, "analyze", str(path)])       # /analysis as `asmsim analyze` stores it
        except RuntimeError as e:
            print(f"salib_check: {e}", file=sys.stderr)
            return 3
        for path in files:
            diff = compare_file(path, sobol, args.num_resamples, swap=swap)
            print(f"{path.name}: d = {diff['d']}, R = {diff['randomisations']}; max |asmsim - SALib| per randomisation: "
                  f"S1 {diff['S1']:.3g}, ST {diff['ST']:.3g}, S2 {diff['S2']:.3g}; "
                  f"reported indices (mean over R): S1 {diff['S1_mean']:.3g}, ST {diff['ST_mean']:.3g}, S2 {diff['S2_mean']:.3g}")
            worst = max(worst, *(diff[k] for k in ("S1", "ST", "S2", "S1_mean", "ST_mean", "S2_mean")))
    verdict = "agree" if worst <= args.tolerance else "DIFFER"
    print(f"{verdict}: largest difference {worst:.3g} (tolerance {args.tolerance:g})"
          + (f"; blocks {swap[0]} and {swap[1]} swapped" if swap else ""))
    return 0 if worst <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
