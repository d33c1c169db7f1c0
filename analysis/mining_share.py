#!/usr/bin/env python3
"""Share of households mining at chosen months, by replicate, from an `asmsim run` file.

    /usr/bin/python3 analysis/mining_share.py results/baseline.h5 [--months 12 239] [--trend]

--trend adds the least-squares slope of the share over months 12..end (points per 10 years), per
replicate. docs/validation.md ("Deposits, rushes and capital") uses it for the stationarity figures.
"""
import argparse

import h5py
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--months", type=int, nargs="+", default=[12, 239])
    ap.add_argument("--trend", action="store_true")
    ap.add_argument("--extra", nargs="*", default=[], help="other timeseries to print at the same months")
    a = ap.parse_args()
    with h5py.File(a.file, "r") as f:
        ts = f["timeseries"]
        share = ts["n_mining_households"][...] / ts["n_households"][...]  # (replicate, month)
        extra = {name: ts[name][...] for name in a.extra}
    head = "replicate " + " ".join(f"m{m:>4d}" for m in a.months)
    if len(a.months) == 2:
        head += "   diff"
    if a.trend:
        head += "  slope/10y"
    print(head)
    for r in range(share.shape[0]):
        vals = [share[r, m] for m in a.months]
        line = f"{r:9d} " + " ".join(f"{v:5.3f}" for v in vals)
        if len(a.months) == 2:
            line += f" {vals[1] - vals[0]:+6.3f}"
        if a.trend:
            y = share[r, 12:]
            x = np.arange(12, share.shape[1])
            line += f"  {np.polyfit(x, y, 1)[0] * 120:+7.3f}"
        for name, v in extra.items():
            line += "  " + name + " " + " ".join(f"{v[r, m]:.4g}" for m in a.months)
        print(line)
    vals = [share[:, m].mean() for m in a.months]
    print("mean      " + " ".join(f"{v:5.3f}" for v in vals))


if __name__ == "__main__":
    main()
