#!/usr/bin/env python3
"""Coverage of `asmsim calibrate`'s 90% credible intervals in recovery-style cases (docs/calibration.md,
"Coverage of the recovery calibration").

Each case k = 1..--cases is the recovery calibration of scenarios/calibration/recovery.toml (its
base scenario, priors, targets and [method]) with its own truth and its own data:

1. the truth: the two calibrated parameters drawn from recovery.toml's priors (uniform on
   [0.1, 1.0] and beta(2, 2) on [0.1, 0.9]) with numpy's generator seeded k;
2. the data: `asmsim run` at the truth with --replicates R and --seed 100000 + k (never a seed
   of a calibration's simulations); each target's observed value is
   - `--observed mean` (default, as make_recovery_targets.py): the mean over the R replicates of the
     target's statistic, with the standard deviation between replicates as its uncertainty;
   - `--observed single`: replicate 0's value alone (one draw of the model, as the ABC likelihood
     assumes), the uncertainty again the standard deviation between the R replicates;
3. the calibration: `asmsim calibrate` with seed k (recovery.toml's budget unless --budget).

It prints, per parameter, how often the truth lies inside the 90% interval [q05, q95], with a 95%
Wilson interval of that share, and the mean width of the interval over the prior's width; and with
--csv FILE it writes one row per case and parameter. Drawing truths from the prior makes the
question a Bayesian one: over truths from the prior, an exact posterior's 90% intervals cover 90%
of the time. ABC's tolerance (eps > 0 widens the posterior) and `--observed mean` (data less noisy
than one simulation, the noise the distance allows for) both push coverage above 90%.

    python3 analysis/benchmarks/calibration_coverage.py [--cases 40] [--replicates 20]
        [--observed mean|single] [--budget N] [--threads 2] [--csv FILE] [--asmsim build/bin/asmsim]

Exit 0 when every parameter's coverage is at least --min-coverage (default 0.8), 1 otherwise,
2 on bad input, 3 when asmsim fails.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
RECOVERY = ROOT / "scenarios" / "calibration" / "recovery.toml"
# recovery.toml's targets (as make_recovery_targets.py): the mean over all months of one output.
TARGETS = [("gold_output", "production_gold_g"), ("gold_miners", "n_miners_gold"),
           ("gold_income_per_miner", "mining_income_usd_per_miner_gold")]
# recovery.toml's priors, drawn here as the calibration draws them.
PARAMETERS = ["production.gold.output_g_per_worker_day", "production.digger_share"]


def draw_truth(rng: np.random.Generator) -> dict[str, float]:
    return {PARAMETERS[0]: float(rng.uniform(0.1, 1.0)), PARAMETERS[1]: float(0.1 + 0.8 * rng.beta(2.0, 2.0))}


def wilson(hits: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def simulate_targets(asmsim: str, truth: dict[str, float], seed: int, replicates: int, observed: str,
                     work: Path) -> list[tuple[str, str, float, float]]:
    out = work / f"truth_{seed}.h5"
    cmd = [asmsim, "run", str(ROOT / "scenarios" / "baseline.toml"), "-o", str(out), "-q", "--overwrite",
           "--seed", str(seed), "-r", str(replicates), "-t", "1",
           "--set", "simulation.households=100", "--set", "simulation.months=24"]
    for key, value in truth.items():
        cmd += ["--set", f"{key}={value!r}"]
    subprocess.run(cmd, check=True)
    rows = []
    with h5py.File(out, "r") as f:
        for name, output in TARGETS:
            per_replicate = f["timeseries"][output][()].mean(axis=1)  # mean over all months
            value = per_replicate.mean() if observed == "mean" else per_replicate[0]
            rows.append((name, output, float(value), float(per_replicate.std(ddof=1))))
    out.unlink()
    return rows


def calibration_toml(targets_csv: Path, seed: int) -> str:
    """recovery.toml with its own targets file and seed, the base scenario by absolute path."""
    text = RECOVERY.read_text()
    text, n1 = re.subn(r'(?m)^targets = ".*"$', f'targets = "{targets_csv}"', text)
    text, n2 = re.subn(r'(?m)^seed = \d+$', f"seed = {seed}", text)
    text, n3 = re.subn(r'(?m)^scenario = "\.\./baseline\.toml"$',
                       f'scenario = "{ROOT / "scenarios" / "baseline.toml"}"', text)
    if (n1, n2, n3) != (1, 1, 1):
        raise SystemExit(f"{RECOVERY}: expected one targets, seed and scenario line each; the file changed?")
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=40)
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--observed", choices=["mean", "single"], default="mean")
    parser.add_argument("--budget", type=int, default=0, help="simulations per calibration (0: recovery.toml's)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--min-coverage", type=float, default=0.8)
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--asmsim", default=os.environ.get("ASMSIM_BIN", str(ROOT / "build" / "bin" / "asmsim")))
    args = parser.parse_args()
    if args.cases < 1 or args.replicates < 2:
        print("calibration_coverage.py: --cases must be >= 1 and --replicates >= 2", file=sys.stderr)
        return 2

    hits = np.zeros(len(PARAMETERS), dtype=int)
    widths = np.zeros(len(PARAMETERS))
    rows = []
    start = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for k in range(1, args.cases + 1):
            truth = draw_truth(np.random.default_rng(k))
            try:
                targets = simulate_targets(args.asmsim, truth, 100000 + k, args.replicates, args.observed, work)
            except subprocess.CalledProcessError as e:
                print(f"calibration_coverage.py: asmsim run failed for case {k}: {e}", file=sys.stderr)
                return 3
            targets_csv = work / f"targets_{k}.csv"
            with open(targets_csv, "w") as f:
                f.write("name,output,group,months,aggregation,observed,uncertainty,source\n")
                for name, output, value, sd in targets:
                    f.write(f"{name},{output},,all,mean,{value!r},{sd!r},calibration_coverage.py case {k}\n")
            config = work / f"case_{k}.toml"
            config.write_text(calibration_toml(targets_csv, k))
            out = work / f"case_{k}.h5"
            cmd = [args.asmsim, "calibrate", str(config), "-o", str(out), "-q", "--overwrite", "-t", str(args.threads)]
            if args.budget:
                cmd += ["--budget", str(args.budget)]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"calibration_coverage.py: asmsim calibrate failed for case {k}:\n{proc.stderr}", file=sys.stderr)
                return 3
            with h5py.File(out, "r") as f:
                post = f["posterior"]
                names = [n.decode() if isinstance(n, bytes) else str(n) for n in post["parameter"][()]]
                if names != PARAMETERS:
                    print(f"calibration_coverage.py: {RECOVERY} calibrates {names}, expected {PARAMETERS}", file=sys.stderr)
                    return 2
                q05, q95, mean = post["q05"][()], post["q95"][()], post["mean"][()]
                lower, upper = post["lower"][()], post["upper"][()]
                generations, sims = int(post.attrs["generation"]) + 1, int(f["metadata"].attrs["simulations"])
            out.unlink()
            for i, name in enumerate(PARAMETERS):
                inside = bool(q05[i] <= truth[name] <= q95[i])
                hits[i] += inside
                widths[i] += (q95[i] - q05[i]) / (upper[i] - lower[i])
                rows.append({"case": k, "parameter": name, "truth": truth[name], "mean": float(mean[i]),
                             "q05": float(q05[i]), "q95": float(q95[i]), "inside": inside,
                             "generations": generations, "simulations": sims})
            marks = " ".join(f"{truth[n]:.3f}{'' if q05[i] <= truth[n] <= q95[i] else '!'}" for i, n in enumerate(PARAMETERS))
            print(f"case {k:3d}: truth {marks}  ({generations} generations, {sims} simulations, "
                  f"{time.time() - start:.0f} s)", file=sys.stderr)

    n = args.cases
    print(f"Coverage of the 90% credible intervals over {n} recovery cases (truths from the prior; observed = "
          f"{'mean of' if args.observed == 'mean' else 'replicate 0 of'} {args.replicates} replicates; "
          f"{time.time() - start:.0f} s)")
    print(f"{'parameter':45s} {'covered':>9s} {'share':>7s} {'95% interval':>16s} {'width / prior':>14s}")
    ok = True
    for i, name in enumerate(PARAMETERS):
        lo, hi = wilson(int(hits[i]), n)
        print(f"{name:45s} {hits[i]:>4d}/{n:<4d} {hits[i] / n:7.3f}   [{lo:.3f}, {hi:.3f}] {widths[i] / n:14.3f}")
        ok &= hits[i] / n >= args.min_coverage
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
