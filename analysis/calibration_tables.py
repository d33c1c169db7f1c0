#!/usr/bin/python3
"""Markdown tables of an `asmsim calibrate` file: the posterior, what the data identify, the fit.

    /usr/bin/python3 analysis/calibration_tables.py OUT.h5 [--identified 0.8]

Posterior: weighted mean and 90% interval [q05, q95] per parameter (as /posterior), beside the
prior's own 90% interval (the truncated prior's 5% and 95% quantiles, from the calibration file
stored in /metadata@calibration_toml); a parameter counts as not identified when the posterior's 90%
width over the prior's is above --identified (0.8). Fit: each target's observed value and
uncertainty, the weighted mean and 5%-95% interval of the particles' simulated values, and
(simulated mean - observed) / uncertainty.
"""
from __future__ import annotations

import argparse
import sys
import tomllib

import h5py
import numpy as np
from scipy import stats


def truncated_quantile(entry: dict, q: float) -> float:
    """The q-quantile of a prior of a calibration file, truncated to [min, max] (docs/calibration.md)."""
    lo, hi, kind = float(entry["min"]), float(entry["max"]), entry["prior"]
    if kind == "uniform":
        return lo + q * (hi - lo)
    if kind == "beta":
        return lo + (hi - lo) * stats.beta(entry["alpha"], entry["beta"]).ppf(q)
    dist = {"normal": lambda: stats.norm(entry["mean"], entry["sd"]),
            "lognormal": lambda: stats.lognorm(s=entry["sigma"], scale=np.exp(entry["mu"])),
            "gamma": lambda: stats.gamma(entry["shape"], scale=entry["scale"])}[kind]()
    a, b = dist.cdf(lo), dist.cdf(hi)
    return float(dist.ppf(a + q * (b - a)))


def text(values) -> list[str]:
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--identified", type=float, default=0.8)
    args = parser.parse_args()
    with h5py.File(args.file, "r") as f:
        meta = f["metadata"].attrs
        config = tomllib.loads(meta["calibration_toml"])
        post, tg = f["posterior"], f["targets"]
        names = text(post["parameter"][()])
        mean, q05, q95 = post["mean"][()], post["q05"][()], post["q95"][()]
        units = text(post["parameter_units"][()])
        priors = {p["name"]: p for p in config["parameters"]}
        print(f"Posterior: generation {int(post.attrs['generation'])}, ESS {post.attrs['ess']:.1f}, "
              f"tolerance {post.attrs['tolerance']:.4g}, {int(meta['simulations'])} simulations, "
              f"stopped: {meta['stop_reason']}\n")
        print("| parameter | unit | prior | prior 90% | posterior mean | posterior 90% | width ratio | identified |")
        print("|---|---|---|---|---|---|---|---|")
        for i, name in enumerate(names):
            p = priors[name]
            p05, p95 = truncated_quantile(p, 0.05), truncated_quantile(p, 0.95)
            ratio = (q95[i] - q05[i]) / (p95 - p05)
            prior_text = text(post["prior"][()])[i]
            print(f"| `{name}` | {units[i]} | {prior_text} | [{p05:.4g}, {p95:.4g}] | {mean[i]:.4g} | "
                  f"[{q05[i]:.4g}, {q95[i]:.4g}] | {ratio:.2f} | {'no' if ratio > args.identified else 'yes'} |")
        print()
        print("| target | output | observed +- uncertainty | simulated mean | simulated 90% | (mean - observed) / uncertainty |")
        print("|---|---|---|---|---|---|")
        tnames, outputs, groups = text(tg["target"][()]), text(tg["output"][()]), text(tg["group"][()])
        for i, name in enumerate(tnames):
            obs, unc = tg["observed"][i], tg["uncertainty"][i]
            sm, s05, s95 = tg["simulated_mean"][i], tg["simulated_q05"][i], tg["simulated_q95"][i]
            output = outputs[i] + (f" ({groups[i]})" if groups[i] else "")
            print(f"| {name} | `{output}` | {obs:.4g} +- {unc:.3g} | {sm:.4g} | [{s05:.4g}, {s95:.4g}] | {(sm - obs) / unc:+.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
