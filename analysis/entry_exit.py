#!/usr/bin/env python3
"""Entry into and exit from mining by calendar year, from an `asmsim run` file of a replay.

    /usr/bin/python3 analysis/entry_exit.py results/replay.h5 [--start 1999]

Prints, per year (mean over replicates): the mean gold price (USD/g), the share of households mining
in January, households that started and that stopped mining during the year (per 1,000 households),
and the lag (months) at which monthly entries correlate most with the change of the gold price over
the previous 12 months. docs/validation.md ("Choosing to mine") uses it for the replay figures.
"""
import argparse

import h5py
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--start", type=int, default=1999, help="calendar year of month 0 (January)")
    a = ap.parse_args()
    with h5py.File(a.file, "r") as f:
        ts = f["timeseries"]
        households = ts["n_households"][...]
        share = ts["n_mining_households"][...] / households
        entries = ts["new_mining_entries"][...] / households * 1000
        exits = ts["new_mining_exits"][...] / households * 1000
        price = ts["price_gold_usd_per_g"][...]
    months = share.shape[1]
    print("year  gold USD/g  share mining (Jan)  entries /1000  exits /1000  net /1000")
    for y in range(months // 12):
        m = slice(12 * y, 12 * y + 12)
        e, x = entries[:, m].sum(axis=1).mean(), exits[:, m].sum(axis=1).mean()
        print(f"{a.start + y}  {price[:, m].mean():10.2f}  {share[:, 12 * y].mean():18.3f}  "
              f"{e:13.1f}  {x:11.1f}  {e - x:+9.1f}")
    # Lag of entries behind price rises: correlation of monthly entries with the log change of the
    # price over the previous 12 months, shifted by 0..24 months (mean entries over replicates).
    change = np.log(price[:, 12:] / price[:, :-12]).mean(axis=0)
    entering = entries[:, 12:].mean(axis=0)
    corr = [np.corrcoef(change[: len(change) - k], entering[k:])[0, 1] for k in range(25)]
    best = int(np.argmax(corr))
    print(f"entries correlate most with the 12-month price change {best} months earlier "
          f"(r = {corr[best]:.2f}; at lag 0 r = {corr[0]:.2f})")


if __name__ == "__main__":
    main()
