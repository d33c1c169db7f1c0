"""Re-measures the key figures of docs/validation.md's hand-written sections on the current build.

The sections were first measured on the branch that added each mechanism; once the mechanisms run
together (consumption, roles, deposits and migration, formalisation, ...) their figures change.
This script runs the same kind of commands on the combined model and prints one markdown section
with the figures side by side, so that the document can say what the model on main gives.

Usage (from the repository root, after `make build`; a few minutes on 2 cores):
    /usr/bin/python3 analysis/remeasure_validation.py [--bin build/bin/asmsim] [--out /tmp/revalidate]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def run(binary, scenario, out, *args):
    cmd = [str(binary), "run", str(ROOT / scenario), "-o", str(out), "--overwrite", "-q", *args]
    subprocess.run(cmd, check=True)
    return " ".join(["build/bin/asmsim", "run", scenario, *args])


def ts(path, name):
    with h5py.File(path, "r") as f:
        return np.asarray(f["timeseries"][name][...], dtype=float)


def mining_share(path):
    return ts(path, "n_mining_households") / ts(path, "n_households")


def stationarity(binary, out, lines):
    lines += ["### Stationarity of the baseline over 240 months", ""]
    fixed = []
    for m in ("gold", "cobalt", "tin"):
        fixed += ["--set", f"prices.{m}.volatility_annual=0", "--set", f"prices.{m}.jump_rate_annual=0"]
    lines += ["| baseline | month 12 | month 60 | month 120 | month 180 | month 239 | slope, points per 10 years |",
              "|---|---|---|---|---|---|---|"]
    commands = []
    for label, extra in (("shipped (random gold price)", []), ("fixed prices", fixed)):
        path = out / f"stationary_{len(commands)}.h5"
        commands.append(run(binary, "scenarios/baseline.toml", path, "--set", "simulation.months=240", "-r", "8",
                            "-t", "2", *extra))
        share = mining_share(path)
        months = np.arange(12, 240)
        slopes = [np.polyfit(months, share[r, 12:], 1)[0] * 120 * 100 for r in range(share.shape[0])]
        mean = share.mean(axis=0)
        cells = " | ".join(f"{mean[m]:.3f}" for m in (12, 60, 120, 180, 239))
        lines.append(f"| {label} | {cells} | {np.mean(slopes):+.1f} (replicates {min(slopes):+.1f} to {max(slopes):+.1f}) |")
    lines += ["", "Share of households mining, mean of 8 replicates (1,000 households). Commands:", ""]
    lines += [f"    {c}" for c in commands] + [""]


def consumption(binary, out, lines):
    common = ["-r", "2", "--seed", "2026", "--set", "simulation.households=2000", "--set", "simulation.months=72"]
    shock = ["--set", "prices.gold.shock_start_month=36", "--set", "prices.gold.shock_size=-0.4",
             "--set", "prices.gold.shock_recovery_months=0"]
    files, commands = {}, []
    for name, extra in (("none", []), ("pass", shock + ["--set", "prices.gold.shock_duration_months=4"]),
                        ("last", shock + ["--set", "prices.gold.shock_duration_months=1200"])):
        files[name] = out / f"consumption_{name}.h5"
        commands.append(run(binary, "scenarios/baseline.toml", files[name], *common, *extra))
    y, c = "mean_income_usd_per_capita", "mean_consumption_usd_per_capita"

    def change(name, key, a, b):
        return float((ts(files[name], key)[:, a:b] - ts(files["none"], key)[:, a:b]).mean())

    lines += ["### Consumption and income after a 40% gold price fall in month 36", "",
              "| shock, months | change of mean income | change of mean consumption | consumption / income |",
              "|---|---|---|---|"]
    for label, name, a, b in (("passing, 36-39", "pass", 36, 40), ("passing, 36-59", "pass", 36, 60),
                              ("lasting, 48-59", "last", 48, 60), ("lasting, 60-71", "last", 60, 72)):
        dy, dc = change(name, y, a, b), change(name, c, a, b)
        lines.append(f"| {label} | {dy:+.1f} | {dc:+.1f} | {dc / dy:.2f} |")
    lines += ["", "USD per person per month, shocked run minus the same run without the shock (common random",
              "numbers), 2,000 households, 2 replicates. Commands:", ""]
    lines += [f"    {cmd}" for cmd in commands] + [""]


def formalisation(binary, out, lines):
    lines += ["### Formal share: fee waiver, one-stop licensing and both", "",
              "| scenario | formal share, months 108-119 | paired difference from the baseline |", "|---|---|---|"]
    commands = []
    base = None
    for label, scenario in (("baseline", "scenarios/baseline.toml"),
                            ("licence-fee waiver", "scenarios/interventions/licence_fee_subsidy.toml"),
                            ("one-stop licensing", "scenarios/interventions/one_stop_licensing.toml"),
                            ("both (licensing_package)", "scenarios/variants/licensing_package.toml")):
        path = out / f"formal_{len(commands)}.h5"
        commands.append(run(binary, scenario, path, "-r", "8", "-t", "2"))
        share = ts(path, "formal_share")[:, -12:].mean(axis=1)
        if base is None:
            base = share
            lines.append(f"| {label} | {share.mean():.3f} | |")
            continue
        d = share - base
        half = 2.365 * d.std(ddof=1) / np.sqrt(len(d))  # t(0.975, 7)
        lines.append(f"| {label} | {share.mean():.3f} | {100 * d.mean():+.2f} points [{100 * (d.mean() - half):+.2f}, "
                     f"{100 * (d.mean() + half):+.2f}] |")
    lines += ["", "1,000 households, 120 months, 8 replicates under common random numbers. Commands:", ""]
    lines += [f"    {c}" for c in commands] + [""]


def roles(binary, out, lines):
    path = out / "roles.h5"
    command = run(binary, "scenarios/presets/gold_ghana.toml", path, "-r", "8", "--seed", "2024",
                  "--set", "simulation.households=2000")
    with h5py.File(path, "r") as f:
        names = [n.decode() if isinstance(n, bytes) else str(n) for n in f["timeseries"]["role"][...]]
    pay = ts(path, "earnings_usd_per_worker_by_role")[:, :, 108:120].mean(axis=2)
    heads = ts(path, "n_workers_by_role")[:, :, 108:120].mean(axis=2)
    women = ts(path, "women_share_by_role")[:, :, 108:120].mean(axis=2)
    lines += ["### Earnings by role (gold preset, months 108-119)", "",
              "| role | USD/month | USD/week | persons | women's share |", "|---|---|---|---|---|"]
    for k, name in enumerate(names):
        lines.append(f"| {name} | {pay[:, k].mean():.1f} ± {pay[:, k].std(ddof=1):.1f} | {pay[:, k].mean() * 12 / 52:.1f} | "
                     f"{heads[:, k].mean():.0f} | {np.nanmean(women[:, k]):.2f} |")
    lines += ["", "Mean over 8 replicates of 2,000 households (± sd across replicates). Kamituga: diggers about 25",
              "USD/week, experts 50, right hands 100, pit managers up to 200. Command:", "", f"    {command}", ""]


def replay(binary, out, lines):
    path = out / "replay.h5"
    command = run(binary, "scenarios/prices/replay_1999_2024.toml", path, "-r", "4", "-t", "2")
    miners = ts(path, "n_mining_households").mean(axis=0)
    last = miners.shape[0] - 1
    lines += ["### Mining households over the 1999-2024 gold replay (deflated)", "",
              f"Mining households: month 12 {miners[12]:.0f}, month 120 {miners[min(120, last)]:.0f}, "
              f"month {last} {miners[last]:.0f}; growth month 12 -> {last}: {miners[last] / miners[12]:.2f}x "
              "(mean of 4 replicates). Command:", "", f"    {command}", ""]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / "build" / "bin" / "asmsim"))
    parser.add_argument("--out", default="/tmp/asmsim_revalidate")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    version = subprocess.run([args.bin, "--version"], capture_output=True, text=True).stdout.strip()
    lines = ["## Key figures re-measured on the combined model", "",
             f"By `/usr/bin/python3 analysis/remeasure_validation.py` with {version or args.bin}. The sections",
             "above were measured on the branch that added each mechanism, before the mechanisms ran together;",
             "where these figures differ from theirs, these are what the model on main gives.", ""]
    for step in (stationarity, consumption, formalisation, roles, replay):
        print(f"remeasure: {step.__name__} ...", file=sys.stderr, flush=True)
        step(args.bin, out, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
