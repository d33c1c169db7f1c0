"""The HDF5 run file: layout readable by xarray, units, metadata and provenance."""

import csv
import re
import tomllib
from datetime import datetime, timedelta, timezone

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import BASELINE, GOLD_REPLAY, SCENARIOS, SMALL, assert_groups_identical, partial_files

TROY_OUNCE_G = 31.1034768
METADATA_ATTRS = ("scenario_toml", "seed", "asmsim_version", "git_commit", "created_utc", "command_line")

# --set overrides and the values the resolved scenario must hold for them.
OVERRIDES = {
    "simulation.households": 200,
    "simulation.months": 24,
    "prices.gold.drift_annual": 0.0123456789012345,
    "consumption.mpc": 0.75,
    "random.stream_group": "provenance test",
}


def set_args(overrides):
    args = []
    for key, value in overrides.items():
        literal = f'"{value}"' if isinstance(value, str) else repr(value)
        args += ["--set", f"{key}={literal}"]
    return args


def flatten(table, prefix=""):
    out = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


@pytest.fixture(scope="module")
def baseline_run(asmsim, tmp_path_factory):
    out = tmp_path_factory.mktemp("format") / "baseline.h5"
    asmsim("run", BASELINE, "-o", out, "--replicates", "3", "--seed", "42", *set_args(OVERRIDES), expect=0)
    return out


def test_timeseries_opens_with_xarray(baseline_run):
    with xr.open_dataset(baseline_run, group="timeseries", engine="h5netcdf") as ts:
        assert dict(ts.sizes) == {"replicate": 3, "month": 24, "role": 5}
        assert np.array_equal(ts["replicate"].values, np.arange(3))
        assert np.array_equal(ts["month"].values, np.arange(24))  # no calendar: months since start
        assert len(ts.data_vars) >= 5
        for name, var in ts.data_vars.items():
            assert var.dims in (("replicate", "month"), ("replicate", "role", "month")), name
            assert isinstance(var.attrs.get("units"), str) and var.attrs["units"].strip(), f"{name}: no units"
            assert isinstance(var.attrs.get("long_name"), str) and var.attrs["long_name"].strip(), f"{name}: no long_name"
            assert np.all(np.isfinite(var.values)), f"{name}: non-finite values"
        assert "price_gold_usd_per_g" in ts.data_vars
        assert np.all(ts["n_households"].values == 200)


ROLES = ["processor", "digger", "skilled", "pit_manager", "sponsor"]
BY_ROLE = ("n_workers_by_role", "women_share_by_role", "earnings_usd_per_worker_by_role", "new_injuries_by_role")


def test_role_dimension_opens_with_xarray(baseline_run):
    """Outputs by role: one variable with a `role` dimension scale whose labels xarray shows as the coordinate."""
    with xr.open_dataset(baseline_run, group="timeseries", engine="h5netcdf") as ts:
        assert list(ts["role"].values) == ROLES
        for name in BY_ROLE:
            var = ts[name]
            assert var.dims == ("replicate", "role", "month"), name
            assert np.all(np.isfinite(var.values)), name
        assert list(ts["earnings_usd_per_worker_by_role"].coords["role"].values) == ROLES
        # Selecting by label works, and the headcount by role adds up to people in mining (by head, not effort).
        diggers = ts["n_workers_by_role"].sel(role="digger")
        assert diggers.dims == ("replicate", "month") and float(diggers.max()) > 0
    with h5py.File(baseline_run, "r") as f:
        role = f["timeseries/role"]
        assert role.attrs.get("CLASS") == b"DIMENSION_SCALE"
        assert f["timeseries/n_workers_by_role"].dims[1][0].name == "/timeseries/role"


def test_households_open_with_xarray(baseline_run):
    with xr.open_dataset(baseline_run, group="households", engine="h5netcdf") as hh:
        assert dict(hh.sizes) == {"replicate": 3, "household": 200}
        assert len(hh.data_vars) >= 1
        for name, var in hh.data_vars.items():
            assert var.dims == ("replicate", "household"), name
            assert "units" in var.attrs and var.attrs.get("long_name"), f"{name}: missing units/long_name"


def test_outputs_command_matches_the_file(asmsim, baseline_run):
    """`asmsim outputs` (docs/outputs.md) lists exactly the datasets of a run, with their attributes."""
    listed = {}
    for line in asmsim("outputs", expect=0).stdout.splitlines():
        m = re.fullmatch(r"(timeseries|households)/(\S+)\s+\[(.*?)\]\s+(.+)", line)
        assert m, f"unexpected line in `asmsim outputs`: {line!r}"
        listed[f"{m[1]}/{m[2]}"] = (m[3], m[4])
    in_file = {}
    with h5py.File(baseline_run) as f:
        for group in ("timeseries", "households"):
            for name, dataset in f[group].items():
                if dataset.attrs.get("CLASS") == b"DIMENSION_SCALE":  # replicate, month, household
                    continue
                in_file[f"{group}/{name}"] = (dataset.attrs["units"], dataset.attrs["long_name"])
    assert listed == in_file


def test_metadata_attributes(asmsim, baseline_run):
    with h5py.File(baseline_run) as f:
        attrs = dict(f["metadata"].attrs)
    for name in METADATA_ATTRS:
        assert name in attrs, f"/metadata has no attribute {name}"
    for name in ("scenario_toml", "asmsim_version", "git_commit", "created_utc", "command_line"):
        assert isinstance(attrs[name], str) and attrs[name], f"/metadata@{name} is empty"
    assert int(attrs["seed"]) == 42

    # Version and commit are those of the binary that wrote the file.
    version = asmsim("--version", expect=0).stdout.strip()
    assert version == f"asmsim {attrs['asmsim_version']} ({attrs['git_commit']})"
    assert re.fullmatch(r"[0-9a-f]{7,40}(-dirty)?|unknown", attrs["git_commit"]), attrs["git_commit"]

    created = datetime.strptime(attrs["created_utc"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert abs(datetime.now(timezone.utc) - created) < timedelta(minutes=10), attrs["created_utc"]

    command = attrs["command_line"]
    for piece in ("run", str(BASELINE), "--replicates 3", "--seed 42", "simulation.households=200"):
        assert piece in command, f"{piece!r} missing from command_line {command!r}"


def test_scenario_toml_holds_the_overrides(baseline_run):
    with h5py.File(baseline_run) as f:
        resolved = flatten(tomllib.loads(f["metadata"].attrs["scenario_toml"]))
    expected = flatten(tomllib.loads(BASELINE.read_text()))
    expected.update(OVERRIDES)
    expected["random.seed"] = 42
    for key, value in expected.items():
        assert key in resolved, f"scenario_toml lacks {key}"
        assert resolved[key] == value and type(resolved[key]) is type(value), \
            f"scenario_toml: {key} = {resolved[key]!r}, expected {value!r}"
    assert set(resolved) == set(expected), f"unexpected keys: {set(resolved) ^ set(expected)}"


def test_scenario_toml_reproduces_the_run(asmsim, baseline_run, tmp_path):
    with h5py.File(baseline_run) as f:
        (tmp_path / "resolved.toml").write_text(f["metadata"].attrs["scenario_toml"])
    again = tmp_path / "again.h5"
    asmsim("run", tmp_path / "resolved.toml", "-o", again, "--replicates", "3", "--seed", "42", "-q", expect=0)
    assert_groups_identical(baseline_run, again, "timeseries")
    assert_groups_identical(baseline_run, again, "households")


def test_scenario_toml_escapes_control_characters(asmsim, tmp_path):
    """A description with escaped control characters must come back as valid TOML.

    TOML basic strings may not hold raw control characters other than tab, so scenario_toml has
    to escape them; otherwise neither tomllib nor asmsim itself can read the provenance back."""
    scenario = tmp_path / "described.toml"
    scenario.write_text(f'extends = "{BASELINE}"\n'
                        'description = "bell \\u0007, carriage return \\r, escape \\u001b, tab \\t, \\"quoted\\""\n')
    out = tmp_path / "described.h5"
    asmsim("run", scenario, "-o", out, "-q", "--set", "simulation.households=20", "--set", "simulation.months=3",
           expect=0)
    with h5py.File(out) as f:
        text = f["metadata"].attrs["scenario_toml"]
    (tmp_path / "resolved.toml").write_text(text)
    try:
        resolved = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        problem = f"/metadata@scenario_toml is not valid TOML: {e}; its description line: " + \
                  repr(next(l for l in text.split("\n") if l.startswith("description")))
    else:
        problem = None
    if problem:
        pytest.fail(problem, pytrace=False)
    assert resolved["description"] == 'bell \u0007, carriage return \r, escape \u001b, tab \t, "quoted"'
    asmsim("validate", tmp_path / "resolved.toml", expect=0)


def read_gold_csv():
    with open(SCENARIOS / "data" / "gold-monthly-usd-per-ozt.csv", newline="") as f:
        return {row["Date"]: float(row["Price"]) for row in csv.DictReader(f)}


def test_gold_replay_dates_and_prices(asmsim, tmp_path):
    out = tmp_path / "replay.h5"
    asmsim("run", GOLD_REPLAY, "-o", out, "-q", "--replicates", "2", "--set", "simulation.households=100", expect=0)
    with xr.open_dataset(out, group="timeseries", engine="h5netcdf") as ts:
        month = ts["month"].values
        price = ts["price_gold_usd_per_g"].values
    assert np.issubdtype(month.dtype, np.datetime64), f"month decoded as {month.dtype}"
    expected_months = np.arange(np.datetime64("1999-01"), np.datetime64("2025-01"), dtype="datetime64[M]")
    assert len(expected_months) == 312
    assert np.array_equal(month.astype("datetime64[D]"), expected_months.astype("datetime64[D]")), \
        f"months run {month[0]} .. {month[-1]}"
    assert month[0] == np.datetime64("1999-01-01") and month[-1] == np.datetime64("2024-12-01")

    csv_prices = read_gold_csv()
    expected = np.array([csv_prices[str(m)] for m in expected_months])
    for r in range(2):  # a replayed series is the same in every replicate
        np.testing.assert_allclose(price[r] * TROY_OUNCE_G, expected, rtol=1e-9, atol=0)


def test_gold_replay_provenance_reruns_from_another_folder(asmsim, tmp_path):
    """The resolved replay scenario names its series file so that it runs from anywhere."""
    out = tmp_path / "replay.h5"
    asmsim("run", GOLD_REPLAY, "-o", out, "-q", "--set", "simulation.households=100", expect=0)
    with h5py.File(out) as f:
        (tmp_path / "resolved.toml").write_text(f["metadata"].attrs["scenario_toml"])
    again = tmp_path / "again.h5"
    asmsim("run", tmp_path / "resolved.toml", "-o", again, "-q", expect=0)
    assert_groups_identical(out, again, "timeseries")
    assert_groups_identical(out, again, "households")


def test_successful_run_leaves_no_partial_file(asmsim, tmp_path):
    out = tmp_path / "run.h5"
    result = asmsim("run", BASELINE, "-o", out, *SMALL, expect=0)
    assert out.is_file()
    assert partial_files(tmp_path) == []
    assert str(out) in result.stdout  # "Wrote <path>"
