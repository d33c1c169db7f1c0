"""Re-measures the key figures of docs/validation.md's hand-written sections on the current build.

The sections were first measured on the branch that added each mechanism; once the mechanisms run
together (consumption, roles, deposits and migration, formalisation, ...) their figures change.
This script runs the same kind of commands on the current model and prints one markdown section
(every table with the command behind it): the consumption response to passing and lasting price
shocks, the formal share's response to the fee waiver and one-stop licensing, the formal channel by
preset, the local-to-world price path in the credit crunch and the export ban, earnings by role,
the 1999-2024 replays with entry and exit, the framework comparison, a decomposition of the cash
transfer's effect by switching mechanisms off, and the baseline's stationarity. docs/validation.md
("The model now") quotes its output.

Usage (from the repository root, after `make build`; well under a minute on one thread, 35 s at 6cf41ad):
    /usr/bin/python3 analysis/remeasure_validation.py [--bin build/bin/asmsim] [--out /tmp/revalidate] [--steps a,b]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
THREADS = 1  # --threads; results do not depend on it


def run(binary, scenario, out, *args):
    cmd = [str(binary), "run", str(ROOT / scenario), "-o", str(out), "--overwrite", "-q", "-t", str(THREADS), *args]
    subprocess.run(cmd, check=True)
    return " ".join(["build/bin/asmsim", "run", scenario, "-o", "OUT.h5", *args])


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
        commands.append(run(binary, "scenarios/baseline.toml", path, "--set", "simulation.months=240", "-r", "8", *extra))
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
                              ("lasting, 36-39", "last", 36, 40),
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
        commands.append(run(binary, scenario, path, "-r", "8"))
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
    early = ts(path, "earnings_usd_per_worker_by_role")[:, :, 12:24].mean(axis=2)
    heads = ts(path, "n_workers_by_role")[:, :, 108:120].mean(axis=2)
    women = ts(path, "women_share_by_role")[:, :, 108:120].mean(axis=2)
    lines += ["### Earnings by role (gold preset, months 108-119)", "",
              "| role | months 12-23, USD/month | months 108-119, USD/month | months 108-119, USD/week | persons | women's share |",
              "|---|---|---|---|---|---|"]
    for k, name in enumerate(names):
        lines.append(f"| {name} | {early[:, k].mean():.1f} ± {early[:, k].std(ddof=1):.1f} | {pay[:, k].mean():.1f} ± {pay[:, k].std(ddof=1):.1f} | {pay[:, k].mean() * 12 / 52:.1f} | "
                     f"{heads[:, k].mean():.0f} | {np.nanmean(women[:, k]):.2f} |")
    lines += ["", "Mean over 8 replicates of 2,000 households (± sd across replicates). Kamituga: diggers about 25",
              "USD/week, experts 50, right hands 100, pit managers up to 200. Gold price, mean over replicates: "
              f"{ts(path, 'price_gold_usd_per_g')[:, 12:24].mean():.0f} USD/g in months 12-23, "
              f"{ts(path, 'price_gold_usd_per_g')[:, 108:120].mean():.0f} in months 108-119. Command:", "", f"    {command}", ""]


def replay(binary, out, lines):
    path = out / "replay.h5"
    command = run(binary, "scenarios/prices/replay_1999_2024.toml", path, "-r", "4")
    miners = ts(path, "n_mining_households").mean(axis=0)
    last = miners.shape[0] - 1
    lines += ["### Mining households over the 1999-2024 gold replay (deflated)", "",
              f"Mining households: month 12 {miners[12]:.0f}, month 120 {miners[min(120, last)]:.0f}, "
              f"month {last} {miners[last]:.0f}; growth month 12 -> {last}: {miners[last] / miners[12]:.2f}x "
              "(mean of 4 replicates). Command:", "", f"    {command}", ""]


MINERALS = ("gold", "cobalt", "tin")


def weighted(path, name, mineral, a=12, b=120):
    """Production-weighted mean over months [a, b) and replicates (as in the traders section)."""
    w = ts(path, f"production_{mineral}_g")[:, a:b]
    return float((ts(path, name)[:, a:b] * w).sum() / w.sum())


def markets(binary, out, lines):
    lines += ["### Formal channel share of output, baseline and presets", "",
              "| scenario | mineral | formal channel share | local / world price | site buyers' margin | "
              "held back / output | licensed households' share of output (`formal_output_share`) |",
              "|---|---|---|---|---|---|---|"]
    commands = []
    for scenario, minerals in (("scenarios/baseline.toml", MINERALS), ("scenarios/presets/gold_ghana.toml", ("gold",)),
                               ("scenarios/presets/cobalt_drc.toml", ("cobalt",)),
                               ("scenarios/presets/tin_kivu.toml", ("tin",))):
        path = out / f"markets_{Path(scenario).stem}.h5"
        commands.append(run(binary, scenario, path, "-r", "4", "--seed", "2024", "--set", "simulation.households=2000"))
        fos = float(ts(path, "formal_output_share")[:, 12:120].mean())
        for k, m in enumerate(minerals):
            held = ts(path, f"held_back_{m}_g")[:, 12:120].sum() / ts(path, f"production_{m}_g")[:, 12:120].sum()
            share = f"{fos:.3f}" + (" (all minerals)" if len(minerals) > 1 else "") if k == 0 else ""
            lines.append(f"| {Path(scenario).stem} | {m} | {weighted(path, f'formal_channel_share_{m}', m):.3f} | "
                         f"{weighted(path, f'local_price_ratio_{m}', m):.3f} | {weighted(path, f'trader_margin_{m}', m):.3f} | "
                         f"{held:.3f} | {share} |")
    lines += ["", "Production-weighted means over months 12-119 and 4 replicates (2,000 households, seed 2024);",
              "`formal_output_share` and the held-back ratio are plain sums/means over the same months. Commands:", ""]
    lines += [f"    {c}" for c in commands] + [""]


def shocks(binary, out, lines):
    files, commands = {}, []
    for scenario in ("scenarios/baseline.toml", "scenarios/shocks/trader_credit_crunch.toml",
                     "scenarios/shocks/export_ban.toml"):
        files[Path(scenario).stem] = path = out / f"shock_{Path(scenario).stem}.h5"
        commands.append(run(binary, scenario, path, "-r", "4", "--seed", "2024", "--set", "simulation.households=2000"))
    base = files["baseline"]
    for name in ("trader_credit_crunch", "export_ban"):
        f = files[name]
        lines += [f"### Local-to-world price ratio, {name}", "",
                  "| month | world gold USD/g | local/world: shock | baseline | gold held back g: shock | baseline | "
                  "mining income USD: shock | baseline | mean debt USD: shock | baseline |", "|---|---|---|---|---|---|---|---|---|---|"]
        for m in (35, 36, 37, 38, 40, 44, 47, 48, 50, 54, 60):
            cell = lambda key, fmt: " | ".join(format(float(ts(x, key)[:, m].mean()), fmt) for x in (f, base))
            lines.append(f"| {m} | {ts(f, 'price_gold_usd_per_g')[:, m].mean():.1f} | {cell('local_price_ratio_gold', '.3f')} | "
                         f"{cell('held_back_gold_g', '.0f')} | {cell('mining_income_usd', '.0f')} | {cell('mean_debt_usd', '.1f')} |")
        lines.append("")
    lines += ["Means over 4 replicates (2,000 households, seed 2024); the shocks start in month 36. Commands:", ""]
    lines += [f"    {c}" for c in commands] + [""]


def entry_exit(binary, out, lines):
    path = out / "replay_nominal.h5"
    command = run(binary, "scenarios/gold_replay_1999_2024.toml", path, "-r", "4", "--seed", "2024",
                  "--set", "simulation.households=2000")
    text = subprocess.run([sys.executable, str(ROOT / "analysis" / "entry_exit.py"), str(path)], check=True,
                          capture_output=True, text=True).stdout.strip().splitlines()
    lines += ["### Entry and exit over the 1999-2024 gold replay (nominal, local prices +2.6%/yr)", "",
              "| year | gold USD/g | share mining (January) | entries /1000 | exits /1000 | net /1000 |",
              "|---|---|---|---|---|---|"]
    for row in text[1:-1]:
        lines.append("| " + " | ".join(row.split()) + " |")
    share = mining_share(path).mean(axis=0)
    lines += ["", text[-1] + ".", f"Share mining: January 2000 {share[12]:.3f}, December 2024 {share[-1]:.3f} "
              f"({share[-1] / share[12]:.2f}-fold). Mean of 4 replicates. Commands:", "", f"    {command}",
              "    /usr/bin/python3 analysis/entry_exit.py OUT.h5", ""]


def compare(binary, experiment, out, *args):
    cmd = [str(binary), "compare", str(ROOT / experiment), "-o", str(out), "--overwrite", "-q", "--threads",
           str(THREADS), *args]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return " ".join(["build/bin/asmsim", "compare", experiment, "-o", "OUT.h5", "--threads", str(THREADS), *args])


def last12_by_scenario(path, name):
    with h5py.File(path, "r") as f:
        return np.asarray(f["timeseries"][name][:, :, -12:], dtype=float).mean(axis=2)  # scenario x replicate


def paired(d):
    half = 2.131 * d.std(ddof=1) / np.sqrt(len(d)) if len(d) == 16 else 1.96 * d.std(ddof=1) / np.sqrt(len(d))
    return d.mean(), d.mean() - half, d.mean() + half


def framework(binary, out, lines):
    path = out / "framework.h5"
    command = compare(binary, "scenarios/experiments/framework.toml", path)
    with h5py.File(path, "r") as f:
        c = f["comparison"]
        names = [n.decode() if isinstance(n, bytes) else str(n) for n in c["scenario"][...]]
        outcomes = [n.decode() if isinstance(n, bytes) else str(n) for n in c["outcome"][...]]
        k = outcomes.index("poverty_headcount")
        diff, lo, hi = c["difference"][:, k], c["paired_ci_low"][:, k], c["paired_ci_high"][:, k]
        bcr = c["benefit_cost_ratio"][...]
        base = c["mean"][0, k]
    income = last12_by_scenario(path, "mean_income_usd_per_capita")
    mining = last12_by_scenario(path, "n_mining_households")
    lines += ["### The framework experiment", "",
              f"Baseline poverty headcount {base:.4f}; mining households in the baseline {mining[0].mean():.0f}.", "",
              "| scenario | effect on poverty headcount [paired 95%] | income, USD/person/month | mining households | BCR |",
              "|---|---|---|---|---|"]
    for i in np.argsort(diff[1:]) + 1:
        lines.append(f"| {names[i]} | {diff[i]:+.4f} [{lo[i]:+.4f}, {hi[i]:+.4f}] | {(income[i] - income[0]).mean():+.2f} | "
                     f"{(mining[i] - mining[0]).mean():+.0f} | {bcr[i]:.3g} |")
    lines += ["", "1,000 households, 120 months, 16 replicates; effects are means of the last 12 months. Command:", "",
              f"    {command}", ""]


CASH_SWITCHES = (
    ("nothing", []),
    ("risk term of the choice (`labour.risk_aversion=0`)", ["labour.risk_aversion=0"]),
    ("entry cost (`labour.entry_cost_usd=0`)", ["labour.entry_cost_usd=0"]),
    ("buffer-stock consumption (`consumption.buffer_stock=false`)", ["consumption.buffer_stock=false"]),
    ("equipment adoption (`households.semi_mechanised_share=0`, `technology.semi_mechanised_cost_usd=1000000`)",
     ["households.semi_mechanised_share=0", "technology.semi_mechanised_cost_usd=1000000"]),
    ("site capital (`capital.invest_share=0`)", ["capital.invest_share=0"]),
    ("random prices (volatility and jumps 0)", [f"prices.{m}.{k}=0" for m in MINERALS
                                                 for k in ("volatility_annual", "jump_rate_annual")]),
)


def cash_transfer(binary, out, lines):
    lines += ["### Where the cash transfer's income effect comes from", "",
              "| switched off (in both scenarios) | poverty headcount | income, USD/person/month | of which the transfer "
              "itself | of which mining income | of which other income | mining households | households with equipment |",
              "|---|---|---|---|---|---|---|---|"]
    commands = []
    for k, (label, sets) in enumerate(CASH_SWITCHES):
        path = out / f"cash_{k}.h5"
        args = [a for s in sets for a in ("--set", s)]
        commands.append(compare(binary, "scenarios/experiments/cash_transfer.toml", path, *args))
        persons = last12_by_scenario(path, "n_persons")
        y = last12_by_scenario(path, "mean_income_usd_per_capita")
        pov = last12_by_scenario(path, "poverty_headcount")
        transfer = last12_by_scenario(path, "programme_cost_cash_transfer_usd") * 0.9 / persons  # delivery share 0.1
        mine = last12_by_scenario(path, "mining_income_usd") / persons
        hh = last12_by_scenario(path, "n_mining_households")
        equip = last12_by_scenario(path, "semi_mechanised_share") * hh
        dy, dm, dt = y[1] - y[0], mine[1] - mine[0], transfer[1] - transfer[0]
        p = paired(pov[1] - pov[0])
        q = paired(dy)
        lines.append(f"| {label} | {p[0]:+.4f} [{p[1]:+.4f}, {p[2]:+.4f}] | {q[0]:+.2f} [{q[1]:+.2f}, {q[2]:+.2f}] | "
                     f"{dt.mean():+.2f} | {dm.mean():+.2f} | {(dy - dm - dt).mean():+.2f} | {(hh[1] - hh[0]).mean():+.1f} | "
                     f"{(equip[1] - equip[0]).mean():+.1f} |")
    lines += ["", "Cash transfer minus baseline, mean of the last 12 months, 16 paired replicates (95% t interval),",
              "1,000 households. The transfer per person is the programme's cost less its delivery share (0.1) over",
              "persons; mining income is `mining_income_usd` over persons; other income is the remainder",
              "(farm, off-farm). Commands:", ""]
    lines += [f"    {c}" for c in commands] + [""]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / "build" / "bin" / "asmsim"))
    parser.add_argument("--out", default="/tmp/asmsim_revalidate")
    parser.add_argument("--steps", default="", help="comma-separated subset of the steps (default: all), e.g. framework,cash_transfer")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    version = subprocess.run([args.bin, "--version"], capture_output=True, text=True).stdout.strip()
    lines = ["## Key figures re-measured on the current model", "",
             f"By `/usr/bin/python3 analysis/remeasure_validation.py` with {version or args.bin}, one thread.",
             "Where the sections above give other figures, these are what the model now gives.", ""]
    steps = {f.__name__: f for f in (stationarity, consumption, formalisation, markets, shocks, roles, replay,
                                     entry_exit, framework, cash_transfer)}
    chosen = args.steps.split(",") if args.steps else list(steps)
    for name in chosen:
        step = steps[name]
        print(f"remeasure: {step.__name__} ...", file=sys.stderr, flush=True)
        step(args.bin, out, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
