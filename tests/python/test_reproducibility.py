"""Results depend on the scenario and the seed only: not on threads, not on the run."""

import h5py
import numpy as np

from conftest import BASELINE, SMALL, assert_groups_identical, read_group


def run_baseline(asmsim, out, *extra):
    asmsim("run", BASELINE, "-o", out, "--quiet", *SMALL, *extra, expect=0)
    return out


def test_thread_count_does_not_change_results(asmsim, tmp_path):
    one = run_baseline(asmsim, tmp_path / "threads1.h5", "--replicates", "4", "--threads", "1")
    two = run_baseline(asmsim, tmp_path / "threads2.h5", "--replicates", "4", "--threads", "2")
    assert_groups_identical(one, two, "timeseries")
    assert_groups_identical(one, two, "households")
    ts = read_group(one, "timeseries")
    assert ts["price_gold_usd_per_g"].shape == (4, 24)
    assert read_group(one, "households")["skill"].shape == (4, 200)


def test_same_seed_twice_is_identical(asmsim, tmp_path):
    a = run_baseline(asmsim, tmp_path / "a.h5", "--replicates", "2", "--seed", "11")
    b = run_baseline(asmsim, tmp_path / "b.h5", "--replicates", "2", "--seed", "11")
    assert_groups_identical(a, b, "timeseries")
    assert_groups_identical(a, b, "households")


def test_different_seed_gives_different_prices(asmsim, tmp_path):
    a = run_baseline(asmsim, tmp_path / "a.h5", "--replicates", "2", "--seed", "11")
    b = run_baseline(asmsim, tmp_path / "b.h5", "--replicates", "2", "--seed", "12")
    pa = read_group(a, "timeseries")["price_gold_usd_per_g"]
    pb = read_group(b, "timeseries")["price_gold_usd_per_g"]
    assert np.all(np.isfinite(pa)) and np.all(pa > 0)
    # Every replicate's path differs after month 0 (month 0 is the initial price).
    for r in range(2):
        assert not np.array_equal(pa[r, 1:], pb[r, 1:]), f"replicate {r}: seeds 11 and 12 give the same gold prices"
    # And replicates of one run are not copies of each other.
    assert not np.array_equal(pa[0], pa[1])
    with h5py.File(a) as fa, h5py.File(b) as fb:
        assert fa["metadata"].attrs["seed"] == 11 and fb["metadata"].attrs["seed"] == 12


def test_seed_option_equals_set_random_seed(asmsim, tmp_path):
    a = run_baseline(asmsim, tmp_path / "a.h5", "--replicates", "2", "--seed", "5")
    b = run_baseline(asmsim, tmp_path / "b.h5", "--replicates", "2", "--set", "random.seed=5")
    assert_groups_identical(a, b, "timeseries")
    assert_groups_identical(a, b, "households")


def test_replicate_does_not_depend_on_how_many_replicates_run(asmsim, tmp_path):
    two = run_baseline(asmsim, tmp_path / "two.h5", "--replicates", "2", "--threads", "2")
    four = run_baseline(asmsim, tmp_path / "four.h5", "--replicates", "4", "--threads", "3")
    for group in ("timeseries", "households"):
        small, large = read_group(two, group), read_group(four, group)
        for name, values in small.items():
            if name == "replicate":
                continue
            if name == "role":  # text labels (variable-length strings): compare the labels
                assert list(values) == list(large[name]), f"/{group}/role: labels change with --replicates"
                continue
            expected = large[name] if name in ("month", "household") else large[name][:2]
            assert values.tobytes() == expected.tobytes(), f"/{group}/{name}: replicates 0-1 change with --replicates"


def test_common_random_numbers_within_a_stream_group(asmsim, tmp_path):
    """A parameter that does not touch prices or initial traits leaves their draws unchanged;
    another stream group draws different numbers (docs/scenarios.md, Random numbers)."""
    base = run_baseline(asmsim, tmp_path / "base.h5", "--replicates", "2")
    mpc = run_baseline(asmsim, tmp_path / "mpc.h5", "--replicates", "2", "--set", "consumption.mpc_excess_cash=0.5")
    other = run_baseline(asmsim, tmp_path / "other.h5", "--replicates", "2", "--set", "random.stream_group=other")
    b, m, o = (read_group(p, "timeseries") for p in (base, mpc, other))
    hb, hm = read_group(base, "households"), read_group(mpc, "households")
    for name in ("price_gold_usd_per_g", "price_cobalt_usd_per_g", "price_tin_usd_per_g"):
        assert np.array_equal(b[name], m[name]), f"{name} changed with consumption.mpc_excess_cash"
        assert not np.array_equal(b[name][:, 1:], o[name][:, 1:]), f"{name} identical in another stream group"
    # Traits fixed at the start keep their draws (the site is not one: households migrate).
    for name in ("skill", "head_female", "mfi_reach", "credit_rate_tolerance"):
        assert np.array_equal(hb[name], hm[name]), f"households/{name} changed with consumption.mpc_excess_cash"
    assert not np.array_equal(b["mean_savings_usd"], m["mean_savings_usd"]), "consumption.mpc_excess_cash had no effect"
