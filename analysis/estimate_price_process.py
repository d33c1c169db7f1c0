#!/usr/bin/env python3
"""Estimate the neutral baseline gold price process from the shipped data (docs/model.md, "Prices").

Reads scenarios/data/gold-monthly-usd-per-ozt.csv (World Bank Pink Sheet, nominal USD/ozt) and
scenarios/data/us-cpi-monthly-cpiaucsl.csv (US CPI-U, FRED CPIAUCSL), deflates gold to US dollars
of the last month of the window, and fits a geometric Brownian motion with Poisson jumps to the
monthly real log returns:

  * jumps: returns further than `threshold` robust standard deviations (1.4826 x median absolute
    deviation) from the median are jumps; the search is repeated on the remaining returns until no
    new jump is found;
  * volatility: standard deviation of the non-jump returns, x sqrt(12);
  * jump rate: jumps per year; jump size: mean and standard deviation of the jump returns;
  * drift: reported (mean real log return, annualised, plus half the variance) but NOT used: the
    baseline sets drift 0 and jump_mean_log = -jump_sd^2/2, so that E[P(t)] = P(0) (no built-in
    boom in real terms). The estimated drift goes into scenarios/prices/boom.toml.

Also writes the deflated series (2024-12 USD) used by scenarios/prices/replay_1999_2024.toml.
Standard library only. Usage (from the repository root):

    python3 analysis/estimate_price_process.py [--start 1999-01] [--end 2024-12] [--threshold 3]
        [--write-real scenarios/data/gold-monthly-real-usd2024-per-ozt.csv]
"""
import argparse
import csv
import math
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "scenarios/data/gold-monthly-usd-per-ozt.csv"
CPI = ROOT / "scenarios/data/us-cpi-monthly-cpiaucsl.csv"


def read_series(path, date_col, value_col):
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            value = row[value_col].strip()
            if value in ("", "."):
                continue
            out[row[date_col][:7]] = float(value)
    return out


def months(start, end):
    y, m = map(int, start.split("-"))
    ey, em = map(int, end.split("-"))
    while (y, m) <= (ey, em):
        yield f"{y:04d}-{m:02d}"
        m += 1
        if m == 13:
            y, m = y + 1, 1


def robust_sd(xs):
    med = statistics.median(xs)
    return 1.4826 * statistics.median(abs(x - med) for x in xs), med


def estimate(start, end, threshold):
    gold = read_series(GOLD, "Date", "Price")
    cpi = read_series(CPI, "observation_date", "CPIAUCSL")
    span = list(months(start, end))
    missing = [d for d in span if d not in gold or d not in cpi]
    if missing:
        raise SystemExit(f"missing months in the data: {missing[:5]}")
    base = cpi[end]
    real = {d: gold[d] * base / cpi[d] for d in span}
    nominal_r = [math.log(gold[b] / gold[a]) for a, b in zip(span, span[1:])]
    r = [math.log(real[b] / real[a]) for a, b in zip(span, span[1:])]

    jumps = []
    rest = list(r)
    while True:
        sd, med = robust_sd(rest)
        new = [x for x in rest if abs(x - med) > threshold * sd]
        if not new:
            break
        jumps += new
        rest = [x for x in rest if abs(x - med) <= threshold * sd]
    years = len(r) / 12.0
    vol = statistics.stdev(rest) * math.sqrt(12)
    jump_rate = len(jumps) / years
    jump_mean = statistics.mean(jumps) if jumps else 0.0
    jump_sd = statistics.stdev(jumps) if len(jumps) > 1 else (abs(jumps[0]) if jumps else 0.0)
    total_var = statistics.variance(r) * 12
    inflation = math.log(cpi[end] / cpi[start]) / ((len(span) - 1) / 12.0)
    return {
        "window": f"{start}..{end}",
        "returns": len(r),
        "nominal_drift_annual": statistics.mean(nominal_r) * 12 + 0.5 * statistics.variance(nominal_r) * 12,
        "real_drift_annual": statistics.mean(r) * 12 + 0.5 * total_var,
        "real_log_return_mean_annual": statistics.mean(r) * 12,
        "cpi_inflation_log_annual": inflation,
        "real_volatility_total_annual": math.sqrt(total_var),
        "volatility_annual": vol,
        "jump_count": len(jumps),
        "jump_rate_annual": jump_rate,
        "jump_mean_log_estimated": jump_mean,
        "jump_sd_log": jump_sd,
        "jump_mean_log_neutral": -0.5 * jump_sd * jump_sd,
        "jumps": sorted(jumps),
    }, real


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--start", default="1999-01")
    ap.add_argument("--end", default="2024-12")
    ap.add_argument("--threshold", type=float, default=3.0)
    ap.add_argument("--write-real", default="", help="write the deflated series (USD of --end per ozt) here")
    a = ap.parse_args()
    est, real = estimate(a.start, a.end, a.threshold)
    for k, v in est.items():
        if k == "jumps":
            print(f"{k:32s} " + ", ".join(f"{x:+.4f}" for x in v))
        elif isinstance(v, float):
            print(f"{k:32s} {v:.4f}")
        else:
            print(f"{k:32s} {v}")
    if a.write_real:
        with open(a.write_real, "w", newline="") as f:
            f.write("Date,Price\n")
            for d, p in real.items():
                f.write(f"{d},{p:.3f}\n")
        print(f"wrote {a.write_real}")


if __name__ == "__main__":
    main()
