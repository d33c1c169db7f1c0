#!/usr/bin/python3
"""Runs the calibration checks of docs/validation.md and rewrites that file.

Usage (from the repository root, after `make build`):
    /usr/bin/python3 analysis/validate.py [--replicates 8] [--households 2000] [--out docs/validation.md]

Each check runs a scenario with `build/bin/asmsim run`, reads /timeseries with xarray, computes
the statistic per replicate (over the last 12 months unless said otherwise) and reports the mean
over replicates with a Student-t 95% interval, beside the calibration target of
../shared/brief/domain-facts.md.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import tomllib

import h5py
import numpy as np
import xarray as xr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "build", "bin", "asmsim")
GOLD_2016_USD_PER_G = 40.16  # 2016 average of the Pink Sheet series, 1248.96 USD/ozt


def run(scenario, sets, replicates, households, seed=2024):
    out = tempfile.NamedTemporaryFile(suffix=".h5", delete=False).name
    os.unlink(out)
    cmd = [BIN, "run", scenario, "-o", out, "--replicates", str(replicates), "--seed", str(seed), "-q", "-t", "1",
           "--set", f"simulation.households={households}"]
    for s in sets:
        cmd += ["--set", s]
    subprocess.run(cmd, check=True, cwd=ROOT)
    ds = xr.open_dataset(out, group="timeseries", engine="h5netcdf").load()
    with h5py.File(out, "r") as f:
        ds.attrs["scenario"] = tomllib.loads(f["metadata"].attrs["scenario_toml"])
    os.unlink(out)
    return ds, " ".join(["build/bin/asmsim", "run", scenario, "-o", "OUT.h5", "--replicates", str(replicates),
                         "--seed", str(seed)] + [f"--set simulation.households={households}"] +
                        [f"--set {s}" for s in sets])


def mining_days_per_month(ds):
    """Mining days a month averaged over the dry and rainy months of the run's own scenario."""
    p = ds.attrs["scenario"]
    dry = p["production"]["mining_days_per_month"]
    rainy_months = p["seasons"]["rainy_months"]
    return dry * ((12 - rainy_months) + rainy_months * p["seasons"]["rainy_mining_days_factor"]) / 12


def last_year(ds, name):
    return ds[name].isel(month=slice(-12, None)).mean("month").values  # one value per replicate


# Two-sided 95% quantiles of Student's t, degrees of freedom 1..30 (beyond: normal + 1/df correction).
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
        2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
        2.045, 2.042]


def t975(df):
    return T975[df - 1] if df <= 30 else 1.959964 + 2.37 / df


def interval(values):
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    mean = values.mean()
    if len(values) < 2:
        return mean, float("nan")
    half = t975(len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
    return mean, half


def fmt(values, scale=1.0, digits=1):
    mean, half = interval(np.asarray(values) * scale)
    return f"{mean:.{digits}f} ± {half:.{digits}f}"


def injury_rates(ds):
    exp_i = last_year(ds, "exposure_informal_person_months")
    exp_l = last_year(ds, "exposure_licensed_person_months")
    inj_i = last_year(ds, "new_injuries_informal")
    inj_l = last_year(ds, "new_injuries_licensed")
    overall = (inj_i + inj_l) / (exp_i + exp_l) * 1200
    ratio = (inj_l / exp_l) / (inj_i / exp_i)
    return overall, ratio


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=8)
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "validation.md"))
    args = parser.parse_args()
    R, N = args.replicates, args.households
    rows, commands = [], []

    base, cmd = run("scenarios/baseline.toml", [], R, N)
    commands.append(("baseline", cmd))
    gold, cmd = run("scenarios/presets/gold_ghana.toml", [], R, N)
    commands.append(("gold preset", cmd))
    flat2016 = [f"prices.gold.initial_usd_per_g={GOLD_2016_USD_PER_G}", "prices.gold.volatility_annual=0",
                "prices.gold.drift_annual=0"]
    gold16, cmd = run("scenarios/presets/gold_ghana.toml", flat2016, R, N)
    commands.append(("gold preset at the 2016 gold price", cmd))
    cobalt, cmd = run("scenarios/presets/cobalt_drc.toml", [], R, N)
    commands.append(("cobalt preset", cmd))
    tin, cmd = run("scenarios/presets/tin_kivu.toml", [], R, N)
    commands.append(("tin preset", cmd))

    rows.append(("Informality: miners without a licence", "70-90%", "baseline",
                 fmt(1 - last_year(base, "formal_share"), 100) + " %"))
    rows.append(("Informality, Ghana-like gold", "> 85%", "gold_ghana",
                 fmt(1 - last_year(gold, "formal_share"), 100) + " %"))
    rows.append(("Women among ASM workers", "about 30% (18-50%)", "baseline",
                 fmt(last_year(base, "women_share_of_miners"), 100) + " %"))
    rows.append(("Women among ASM workers, Ghana", "45%", "gold_ghana",
                 fmt(last_year(gold, "women_share_of_miners"), 100) + " %"))
    g_per_miner = last_year(gold16, "production_gold_g") * 12 / last_year(gold16, "n_miners_gold")
    rows.append(("Gold output per worker (at the 2016 gold price)", "about 68 g/yr (Burkina Faso 2016)",
                 "gold_ghana, 2016 price", fmt(g_per_miner) + " g/yr"))
    weekly = last_year(gold16, "mining_income_usd_per_miner_gold") * 12 / 52
    rows.append(("Gold miners' earnings (at the 2016 gold price)", "25 (diggers) to 200 (pit managers) USD/week, Kamituga",
                 "gold_ghana, 2016 price", fmt(weekly) + " USD/week"))
    weekly_now = last_year(gold, "mining_income_usd_per_miner_gold") * 12 / 52
    rows.append(("Gold miners' earnings (2024 price, for reference)", "no target", "gold_ghana", fmt(weekly_now) + " USD/week"))
    daily = last_year(cobalt, "mining_income_usd_per_miner_cobalt") / mining_days_per_month(cobalt)
    rows.append(("Cobalt diggers' earnings", "about 3 USD/day", "cobalt_drc", fmt(daily, 1, 2) + " USD/day worked"))
    for name, ds in (("baseline", base), ("gold_ghana", gold)):
        overall, ratio = injury_rates(ds)
        rows.append(("Injuries per 100 person-years", "5-6 (Tarkwa: 5.9 unlicensed, 5.0 licensed)", name, fmt(overall, 1, 2)))
        rows.append(("Injury rate licensed / unlicensed", "about 0.85", name, fmt(ratio, 1, 2)))

    # Growth under the real gold price, 1999-2024, with local prices growing (scenario) and not.
    replay_runs = [("2.6%/yr, as US consumer prices (the scenario)", []),
                   ("4%/yr", ["economy.price_level_start=0.36", "economy.nominal_growth_annual=0.04"]),
                   ("no growth", ["economy.price_level_start=1", "economy.nominal_growth_annual=0"])]
    growth_rows = []
    for label, sets in replay_runs:
        ds, cmd = run("scenarios/gold_replay_1999_2024.toml", sets, R, N)
        commands.append((f"gold replay, {label}", cmd))
        miners_1999 = ds["n_miners"].isel(month=slice(0, 12)).mean("month").values
        miners_2024 = ds["n_miners"].isel(month=slice(-12, None)).mean("month").values
        households_1999 = ds["n_mining_households"].isel(month=slice(0, 12)).mean("month").values
        households_2024 = ds["n_mining_households"].isel(month=slice(-12, None)).mean("month").values
        informal = 1 - ds["formal_share"].isel(month=slice(-12, None)).mean("month").values
        growth_rows.append((label, fmt(miners_1999, 1, 0), fmt(miners_2024, 1, 0), fmt(miners_2024 / miners_1999, 1, 2),
                            fmt(households_2024 / households_1999, 1, 2), fmt(informal, 100) + " %"))

    lines = [
        "# Validation: the model against the calibration targets",
        "",
        "Generated by `/usr/bin/python3 analysis/validate.py` (after `make build`); do not edit by hand.",
        f"Measured with {subprocess.run([BIN, '--version'], capture_output=True, text=True).stdout.strip()}, one thread.",
        f"Every figure is the mean over {R} replicates of {N} households with a 95% Student-t interval over",
        "replicates; unless said otherwise the statistic is the mean of the last 12 months of a 120-month run.",
        "Targets are from `../shared/brief/domain-facts.md` (sources in [model.md](model.md#sources)).",
        "",
        "| target | observed | scenario | model |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines += [
        "",
        "Notes. Output per worker and earnings are compared at the 2016 average gold price (1,249 USD/ozt),",
        "the year of the Burkina Faso survey and close to the Kamituga fieldwork, with the price held flat;",
        "at the December 2024 price the same area earns about twice as much per week (row \"2024 price\").",
        "Earnings per miner count women at their share of time in mining. Cobalt earnings are per day worked",
        f"({mining_days_per_month(cobalt):.1f} days a month on average with the cobalt preset's seasons).",
        "",
        "## Growth of mining under the real gold price, 1999-2024",
        "",
        "`scenarios/gold_replay_1999_2024.toml` replays the monthly Pink Sheet gold price (287 USD/ozt in",
        "January 1999, 2,648 in December 2024: 8.6 times the annual average) in the Ghana-like gold area.",
        "Observed: the number of artisanal miners grew from about 13 million (ILO 1999) to about 45 million",
        "(World Bank 2024), about 3.5 times.",
        "",
        "| local wages and prices | miners 1999 | miners 2024 | growth factor, miners | growth factor, mining households | informal 2024 |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(r)} |" for r in growth_rows]
    lines += [
        "",
        "Mechanism. Each month a tenth of households (half that in the rains) review whether to mine and",
        "mine with the logit chance that the value of mining per worker beats the off-farm wage: expected",
        "team income (adaptive expectation of the gold price x output per worker-day x skill x ore grade x",
        "congestion x price share x digger share) net of site costs, plus the hope of a rich find, minus a",
        "risk premium that falls with the household's buffer; entrants pay a sunk entry cost and choose the",
        "best of a few sites, leavers make a trader's debt fall due (docs/model.md 7.5). As the gold price",
        "rises faster than local wages the value of mining rises for everyone, and more of those who review",
        "enter, moving to the most rewarding sites; congestion (output per worker falls as 1 / (1 + miners /",
        "capacity)) and the finite number of households limit the rise. The model holds the population",
        "fixed, whereas the rural population of the mining countries grew by roughly 1.8 times over the",
        "period [unverified; order of magnitude for sub-Saharan Africa, UN World Population Prospects], so",
        "the observed 3.5-fold growth corresponds to roughly a doubling of the share of people who mine.",
        "The model's factor depends above all on how fast local wages and prices grew in USD (the rows): the",
        "faster they grow, the less the gold price raises mining against other work. Month 0 (January 1999)",
        "is drawn from the choice rule's steady state at the 1999 price (docs/model.md 5), so the growth",
        "factor measures the response to the price path, not an entry wave from the initial state.",
        "The scenario's 2.6%/yr is a stated assumption, not a fit.",
        "",
        "## Commands",
        "",
    ]
    lines += [f"- {label}: `{cmd}`" for label, cmd in commands]
    lines.append("")
    # Hand-written sections after the marker (measured with their own commands) are kept.
    marker = "<!-- hand-written sections below: kept by analysis/validate.py -->"
    if os.path.exists(args.out):
        with open(args.out) as f:
            old = f.read()
        if marker in old:
            lines.append(old[old.index(marker):].rstrip("\n"))
            lines.append("")
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))




if __name__ == "__main__":
    sys.exit(main())
