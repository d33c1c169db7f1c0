"""Overwrite protection, `params`, `--print-plan` and `bench`."""

import math
import re
import tomllib

import h5py
import pytest

from conftest import BASELINE, SCENARIOS, SMALL, partial_files

KNOWN_BYTES = b"results the user wants to keep\n"


# ---- overwrite protection ---------------------------------------------------------------------

def test_existing_output_is_not_replaced_without_overwrite(asmsim, tmp_path):
    out = tmp_path / "keep.h5"
    out.write_bytes(KNOWN_BYTES)
    result = asmsim("run", BASELINE, "-o", out, *SMALL)
    assert result.returncode > 0, result.describe()
    assert "--overwrite" in result.stderr, result.describe()
    assert str(out) in result.stderr, result.describe()
    assert out.read_bytes() == KNOWN_BYTES
    assert partial_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.h5"]


def test_a_run_that_fails_midway_keeps_the_old_file_and_names_the_cause(asmsim, tmp_path):
    """Gold jumps that are valid one by one but explode over a long run: the run stops with a
    message naming the key and the scenario, exit 2, and the user's existing file survives."""
    out = tmp_path / "keep.h5"
    out.write_bytes(KNOWN_BYTES)
    result = asmsim("run", BASELINE, "-o", out, "--overwrite", "--set", "simulation.households=50",
                    "--set", "simulation.months=1200", "--set", "prices.gold.jump_rate_annual=12",
                    "--set", "prices.gold.jump_mean_log=2")
    assert result.returncode == 2, result.describe()
    assert "prices.gold.process" in result.stderr and "baseline.toml:" in result.stderr, result.describe()
    assert out.read_bytes() == KNOWN_BYTES
    assert partial_files(tmp_path) == []


def test_overwrite_replaces_the_file(asmsim, tmp_path):
    out = tmp_path / "replace.h5"
    out.write_bytes(KNOWN_BYTES)
    asmsim("run", BASELINE, "-o", out, "--overwrite", "-q", *SMALL, "--replicates", "2", expect=0)
    assert out.read_bytes() != KNOWN_BYTES
    with h5py.File(out) as f:
        assert f["timeseries"]["price_gold_usd_per_g"].shape == (2, 24)
        assert "scenario_toml" in f["metadata"].attrs
    assert partial_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["replace.h5"]


def test_run_requires_output(asmsim, tmp_path):
    result = asmsim("run", BASELINE, *SMALL, expect=2)
    assert "-o" in result.stderr, result.describe()
    assert list(tmp_path.iterdir()) == []


# ---- params -----------------------------------------------------------------------------------

def markdown_rows(text):
    """Parameter rows of `params --format markdown`: name -> dict of unescaped cells."""
    rows = {}
    for line in text.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert len(cells) == 6, f"markdown row with {len(cells)} cells: {line}"
        name, default, unit, valid, description, source = cells
        rows[name.strip("`")] = {"default": default.strip("`"), "unit": unit, "range": valid,
                                 "description": description, "source": source}
    return rows


def text_rows(text):
    """Rows of the text table, sliced at the header's column starts."""
    lines = text.splitlines()
    header = lines[0]
    columns = ["default", "unit", "range", "description [source]"]
    starts = [header.index(c) for c in columns]
    assert header.startswith("name") and starts == sorted(starts), header
    rows = {}
    for line in lines[1:]:
        if not line.strip():
            continue
        name = line[:starts[0]].strip()
        rows[name] = {"default": line[starts[0]:starts[1]].strip(), "unit": line[starts[1]:starts[2]].strip(),
                      "range": line[starts[2]:starts[3]].strip(), "rest": line[starts[3]:]}
    return rows


def flatten(table, prefix=""):
    out = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


@pytest.fixture(scope="module")
def params_outputs(asmsim):
    return {fmt: asmsim("params", "--format", fmt, expect=0).stdout for fmt in ("text", "markdown", "toml")}


def test_params_lists_every_parameter(asmsim, params_outputs):
    md = markdown_rows(params_outputs["markdown"])
    text = params_outputs["text"]
    assert len(md) >= 20
    for name in md:
        assert name in text, f"{name} is in the markdown table but not in `asmsim params`"
    # Text rows are exactly the markdown rows, and every parameter a scenario can set.
    assert set(text_rows(text)) == set(md)
    template = flatten(tomllib.loads(params_outputs["toml"]))
    assert set(template) - {"name", "description"} == set(md)
    assert asmsim("params", expect=0).stdout == text  # text is the default format


def test_params_text_rows_have_unit_range_and_source(params_outputs):
    md = markdown_rows(params_outputs["markdown"])
    rows = text_rows(params_outputs["text"])
    for name, row in rows.items():
        ref = md[name]
        assert row["unit"] == ref["unit"], f"{name}: unit {row['unit']!r}, markdown {ref['unit']!r}"
        assert row["range"] and row["range"] == ref["range"], f"{name}: range {row['range']!r}"
        if row["range"].startswith("["):  # numeric parameters carry a unit
            assert row["unit"], f"{name}: numeric parameter without a unit"
        assert ref["source"], f"{name}: no source"
        assert row["rest"].endswith(f" [{ref['source']}]"), f"{name}: text row lacks [source]: {row['rest']!r}"
        assert row["default"] == ref["default"], f"{name}: default {row['default']!r} vs {ref['default']!r}"


def test_params_writes_file(asmsim, tmp_path, params_outputs):
    out = tmp_path / "parameters.md"
    result = asmsim("params", "--format", "markdown", "-o", out, expect=0)
    assert result.stdout == ""
    assert out.read_text() == params_outputs["markdown"]


def test_params_rejects_unknown_format(asmsim):
    result = asmsim("params", "--format", "html")
    assert result.returncode == 2, result.describe()


# ---- print-plan -------------------------------------------------------------------------------

def test_print_plan_lists_numbered_modules(asmsim, tmp_path):
    out = tmp_path / "not-written.h5"
    result = asmsim("run", BASELINE, "--print-plan", "-o", out, expect=0)
    steps = re.findall(r"^\s*(\d+)\.\s+([a-z_]+):", result.stdout, flags=re.M)
    assert len(steps) >= 3, result.describe()
    assert [int(n) for n, _ in steps] == list(range(1, len(steps) + 1)), result.stdout
    modules = [m for _, m in steps]
    assert len(set(modules)) == len(modules), f"a module appears twice: {modules}"
    assert "prices" in modules and "production" in modules
    assert modules.index("prices") < modules.index("production"), "production must see the month's prices"
    assert not out.exists() and list(tmp_path.iterdir()) == [], "--print-plan wrote a file"


# ---- bench ------------------------------------------------------------------------------------

def test_bench_reports_speed_and_memory(asmsim):
    result = asmsim("bench", "--households", "2000", "--months", "12", "--threads", "1", expect=0)
    for key in ("household_steps_per_s", "peak_rss_mb"):
        found = re.findall(rf"^{key}:\s*(\S+)\s*$", result.stdout, flags=re.M)
        assert len(found) == 1, f"expected one line '{key}: <number>'\n{result.describe()}"
        value = float(found[0])
        assert math.isfinite(value) and value > 0, f"{key}: {found[0]}"


def test_output_folders_are_created_as_needed(asmsim, tmp_path):
    # run, compare, sweep and params write into folders that do not exist yet (issue 17.4).
    small = ["--set", "simulation.households=50", "--set", "simulation.months=3"]
    asmsim("run", SCENARIOS / "baseline.toml", "-o", tmp_path / "a" / "b" / "run.h5", "-r", "1", "-q", *small, expect=0)
    assert (tmp_path / "a" / "b" / "run.h5").is_file()
    experiment = tmp_path / "exp.toml"
    experiment.write_text(f'name = "x"\nscenarios = ["{SCENARIOS / "baseline.toml"}", "{SCENARIOS / "baseline.toml"}"]\n')
    asmsim("compare", experiment, "-o", tmp_path / "c" / "cmp.h5", "-q", *small, expect=0)
    assert (tmp_path / "c" / "cmp.h5").is_file()
    asmsim("sweep", SCENARIOS / "sweeps" / "ishigami.toml", "-o", tmp_path / "d" / "e" / "sw.h5", "-q", expect=0)
    assert (tmp_path / "d" / "e" / "sw.h5").is_file()
    asmsim("params", "-o", tmp_path / "f" / "params.txt", expect=0)
    assert "simulation.months" in (tmp_path / "f" / "params.txt").read_text()
    # A command that fails leaves no folder behind.
    asmsim("run", SCENARIOS / "baseline.toml", "-o", tmp_path / "g" / "run.h5", "--set", "simulation.houshold=1", expect=2)
    assert not (tmp_path / "g").exists()


@pytest.mark.parametrize("command", ["run", "compare", "sweep", "merge"])
def test_an_existing_output_without_overwrite_is_bad_usage(asmsim, tmp_path, command):
    # The exit-code policy (README): 2 for bad usage or input, the same for every command.
    out = tmp_path / "out.h5"
    out.write_bytes(KNOWN_BYTES)
    experiment = tmp_path / "exp.toml"
    experiment.write_text(f'name = "x"\nscenarios = ["{BASELINE}", "{BASELINE}"]\n')
    sweep = SCENARIOS / "sweeps" / "ishigami.toml"
    argv = {"run": ["run", BASELINE], "compare": ["compare", experiment], "sweep": ["sweep", sweep],
            "merge": ["merge", out, out]}[command]
    r = asmsim(*argv, "-o", out, expect=2)
    assert "exists" in r.stderr and "--overwrite" in r.stderr, r.describe()
    assert out.read_bytes() == KNOWN_BYTES
