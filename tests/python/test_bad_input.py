"""Bad input: exit status 2, a located message (file:line, key, a hint), and no output touched.

Every case writes its scenario into tmp_path. Line numbers below are those of the files as
written here (1-based).
"""

import re
from dataclasses import dataclass, field

import pytest

from conftest import BASELINE, GOLD_REPLAY, SCENARIOS, partial_files

EXISTING_BYTES = b"existing output: asmsim must not touch this file\n\x00\x01\x02"
SMALL_TABLE = "[simulation]\nmonths = 24\nhouseholds = 200\n"


@dataclass
class Case:
    files: dict  # name -> text; "bad.toml" is the one run
    located: list  # acceptable (file name, line) pairs for the error
    key: str | None  # the key the message must name
    contains: list = field(default_factory=list)  # further substrings of stderr
    set_args: list = field(default_factory=list)


BASE = f'extends = "{BASELINE}"\n'

CASES = {
    "unknown_key_typo": Case(
        {"bad.toml": BASE + "[simulation]\nmonths = 24\nhousholds = 200\n"},
        [("bad.toml", 4)], "simulation.housholds", ["did you mean", "simulation.households"]),
    "unknown_key_typo_nested_table": Case(
        {"bad.toml": BASE + SMALL_TABLE + "\n[prices.gold]\ndrft_annual = 0.05\n"},
        [("bad.toml", 7)], "prices.gold.drft_annual", ["did you mean", "prices.gold.drift_annual"]),
    "unknown_table": Case(
        {"bad.toml": BASE + SMALL_TABLE + "[simulaton]\nsites = 3\n"},
        [("bad.toml", 5)], "simulaton", ["did you mean", "simulation"]),
    "wrong_type": Case(
        {"bad.toml": BASE + '[simulation]\nmonths = "24"\nhouseholds = 200\n'},
        [("bad.toml", 3)], "simulation.months", ["integer"]),
    "out_of_range": Case(
        {"bad.toml": BASE + "[simulation]\nmonths = 24\nhouseholds = 0\n"},
        [("bad.toml", 4)], "simulation.households", ["50000000"]),
    "missing_extends_file": Case(
        {"bad.toml": "# extends a file that is not there\nextends = \"no_such_base.toml\"\n" + SMALL_TABLE},
        [("bad.toml", 2)], "extends", ["no_such_base.toml"]),
    "circular_extends": Case(
        {"bad.toml": 'extends = "loop.toml"\n' + SMALL_TABLE,
         "loop.toml": '# second link of the loop\nextends = "bad.toml"\n'},
        [("bad.toml", 1), ("loop.toml", 2)], "extends", ["circular"]),
    "malformed_toml": Case(
        {"bad.toml": BASE + "[simulation]\nmonths = 24\nhouseholds = = 200\n"},
        # toml++ reports where the syntax breaks; it knows no key there.
        [("bad.toml", 4)], None, ["malformed TOML"]),
    "malformed_toml_duplicate_key": Case(
        {"bad.toml": BASE + SMALL_TABLE + "months = 36\n"},
        [("bad.toml", 5)], "months", ["malformed TOML"]),
    "price_shock_after_run_end": Case(
        {"bad.toml": BASE + SMALL_TABLE + "[prices.gold]\nshock_start_month = 30\n"},
        [("bad.toml", 6)], "prices.gold.shock_start_month", ["after the run ends", "simulation.months = 24"]),
    # Sites as hierarchies: role shares that do not sum to one, and a paid role nobody can reach.
    "role_shares_do_not_sum_to_one": Case(
        {"bad.toml": BASE + SMALL_TABLE + "\n[roles]\nshare_digger = 0.25\n"},
        [("bad.toml", 7)], "roles.share_digger", ["sum to 1.2", "add up to 1"]),
    "role_without_path": Case(
        {"bad.toml": BASE + SMALL_TABLE + "\n[roles]\npromotion_probability_monthly = 0.0\n"},
        [("bad.toml", 7)], "roles.promotion_probability_monthly", ["nobody can reach it"]),
    "processing_without_path": Case(
        {"bad.toml": BASE + SMALL_TABLE + "\n[roles]\nfemale_entry_processing_share = 0.0\n"
                     "injury_demotion_probability = 0.0\n"},
        [("bad.toml", 7)], "roles.female_entry_processing_share", ["nobody can become one"]),
    # Choosing to mine (docs/model.md 7.5): a rainy-month review chance above 1.
    "choice_review_above_one": Case(
        {"bad.toml": BASE + SMALL_TABLE + "\n[labour]\nswitch_share_monthly = 0.5\nrainy_review_factor = 3.0\n"},
        [("bad.toml", 8)], "labour.rainy_review_factor", ["exceed 1", "<= 1"]),
    "series_too_short": Case(
        {"bad.toml": f'extends = "{GOLD_REPLAY}"\n[simulation]\nhouseholds = 200\nmonths = 400\n'},
        [("bad.toml", 4)], "simulation.months", ["series"]),
    "missing_series_file": Case(
        {"bad.toml": f'extends = "{GOLD_REPLAY}"\n' + SMALL_TABLE +
         '[prices.gold]\nseries_file = "no_such_series.csv"\n'},
        [("bad.toml", 6)], "prices.gold.series_file", ["no_such_series.csv"]),
    "intervention_site_does_not_exist": Case(
        {"bad.toml": BASE + SMALL_TABLE + '[interventions.land_restoration]\ncoverage = 1.0\n'
         'target = "sites"\nsites = "2, 99"\n'},
        [("bad.toml", 8)], "interventions.land_restoration.sites", ["site 99 does not exist", "0 to 19"]),
    "intervention_sites_not_a_list": Case(
        {"bad.toml": BASE + SMALL_TABLE + '[interventions.savings_groups]\nsites = "2; 9"\n'},
        [("bad.toml", 6)], "interventions.savings_groups.sites", ["not a list of non-negative integers"]),
    "intervention_ends_before_it_starts": Case(
        {"bad.toml": BASE + SMALL_TABLE + '[interventions.enforcement]\nstart_month = 30\nend_month = 20\n'},
        [("bad.toml", 6)], "interventions.enforcement.start_month", ["after"]),
    # Traders (docs/model.md, "Traders: buyers with limited cash").
    "trader_shock_after_run_ends": Case(
        {"bad.toml": BASE + SMALL_TABLE + "[traders]\nshock_start_month = 24\nshock_credit_cut = 0.5\n"},
        [("bad.toml", 6)], "traders.shock_start_month", ["after the run ends", "simulation.months = 24"]),
    "trader_credit_line_below_zero": Case(
        {"bad.toml": BASE + SMALL_TABLE + "[traders]\ndealer_credit_months = -1.0\n"},
        [("bad.toml", 6)], "traders.dealer_credit_months", ["out of range", "[0, 24]"]),
    "trader_tier_without_buyers": Case(
        {"bad.toml": BASE + SMALL_TABLE + "[traders]\ninformal_buyers_per_site = 0\n"},
        [("bad.toml", 6)], "traders.informal_buyers_per_site", ["out of range", "[1, 50]"]),
    "trader_shock_scenario_shortened": Case(
        {"crunch.toml": BASE + "[traders]\nshock_start_month = 36\n",
         "bad.toml": 'extends = "crunch.toml"\n' + "[simulation]\nmonths = 36\nhouseholds = 200\n"},
        [("crunch.toml", 3)], "traders.shock_start_month", ["after the run ends"]),
}

SET_CASES = {
    "set_unknown_key_typo": (["--set", "simulation.housholds=200"], "simulation.housholds",
                             ["did you mean", "simulation.households"]),
    "set_wrong_type": (["--set", "simulation.households=abc"], "simulation.households", ["integer"]),
    "set_out_of_range": (["--set", "simulation.months=0"], "simulation.months", ["1200"]),
    "set_without_equals": (["--set", "simulation.months"], "simulation.months", ["key=value"]),
    "set_site_target_without_sites": (["--set", "interventions.land_restoration.target=sites"],
                                      "interventions.land_restoration.target", ["lists no site"]),
}


def write_case(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    existing = tmp_path / "existing.h5"
    existing.write_bytes(EXISTING_BYTES)
    return tmp_path / "bad.toml", existing


def assert_located(stderr, tmp_path, located):
    """stderr names one of the acceptable file:line places (the path as asmsim was given it)."""
    for name, line in located:
        if re.search(re.escape(str(tmp_path / name)) + rf":{line}(:\d+)?: ", stderr):
            return
    wanted = " or ".join(f"{tmp_path / n}:{l}" for n, l in located)
    pytest.fail(f"stderr does not locate the error at {wanted}:\n{stderr}")


def assert_untouched(tmp_path, existing):
    assert existing.read_bytes() == EXISTING_BYTES, "the existing output file was changed"
    assert partial_files(tmp_path) == [], f"partial files left: {partial_files(tmp_path)}"
    assert [p.name for p in tmp_path.glob("*.h5*")] == ["existing.h5"], "another output file appeared"


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_scenario_file(asmsim, tmp_path, case):
    scenario, existing = write_case(tmp_path, case.files)
    run = asmsim("run", scenario, "-o", existing, "--overwrite", expect=2)
    assert run.stderr.startswith("asmsim: error: "), run.describe()
    assert_located(run.stderr, tmp_path, case.located)
    if case.key:
        assert f"'{case.key}'" in run.stderr, f"stderr does not name the key {case.key!r}:\n{run.stderr}"
    for text in case.contains:
        assert text in run.stderr, f"stderr lacks {text!r}:\n{run.stderr}"
    assert run.stdout == ""
    assert_untouched(tmp_path, existing)

    check = asmsim("validate", scenario, expect=2)
    assert check.stderr == run.stderr, "validate and run report the problem differently"
    assert check.stdout == ""
    assert_untouched(tmp_path, existing)


@pytest.mark.parametrize("args,key,contains", SET_CASES.values(), ids=SET_CASES.keys())
def test_bad_set_override(asmsim, tmp_path, args, key, contains):
    scenario, existing = write_case(tmp_path, {"bad.toml": BASE + SMALL_TABLE})
    run = asmsim("run", scenario, "-o", existing, "--overwrite", *args, expect=2)
    assert run.stderr.startswith("asmsim: error: "), run.describe()
    assert re.search(r"--set #1\b", run.stderr), f"stderr does not say which --set is wrong:\n{run.stderr}"
    assert f"'{key}'" in run.stderr, f"stderr does not name the key {key!r}:\n{run.stderr}"
    for text in contains:
        assert text in run.stderr, f"stderr lacks {text!r}:\n{run.stderr}"
    assert_untouched(tmp_path, existing)
    # The file itself is fine.
    asmsim("validate", scenario, expect=0)


def test_second_bad_set_is_numbered(asmsim, tmp_path):
    scenario, existing = write_case(tmp_path, {"bad.toml": BASE + SMALL_TABLE})
    run = asmsim("run", scenario, "-o", existing, "--overwrite",
                 "--set", "simulation.months=12", "--set", "consumption.mcp=0.5", expect=2)
    assert "--set #2" in run.stderr and "'consumption.mcp'" in run.stderr and "consumption.mpc" in run.stderr, run.stderr
    assert_untouched(tmp_path, existing)


def test_bad_input_without_existing_output_creates_nothing(asmsim, tmp_path):
    (tmp_path / "bad.toml").write_text(BASE + "[simulation]\nmonths = 24\nhousholds = 200\n")
    out = tmp_path / "new.h5"
    asmsim("run", tmp_path / "bad.toml", "-o", out, expect=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_missing_scenario_file(asmsim, tmp_path):
    run = asmsim("run", tmp_path / "absent.toml", "-o", tmp_path / "out.h5", expect=2)
    assert str(tmp_path / "absent.toml") in run.stderr
    assert sorted(tmp_path.iterdir()) == []
    asmsim("validate", tmp_path / "absent.toml", expect=2)


# Paths that are not readable files, given where a scenario or experiment file is expected: each is
# rejected with exit 2 and a message that names the path (or says it is empty) and what was expected.
NOT_A_FILE = {
    "directory": (lambda tmp: tmp / "folder", "a directory, not a scenario file"),
    "device": (lambda tmp: "/dev/null", "not a regular file"),
    "empty_path": (lambda tmp: "", "empty path where a scenario file is expected"),
}


@pytest.mark.parametrize("name", NOT_A_FILE, ids=NOT_A_FILE.keys())
def test_run_rejects_a_path_that_is_not_a_file(asmsim, tmp_path, name):
    (tmp_path / "folder").mkdir()
    path, message = NOT_A_FILE[name]
    run = asmsim("run", path(tmp_path), "-o", tmp_path / "out.h5", expect=2)
    assert message in run.stderr, run.describe()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


@pytest.mark.parametrize("extends,message", [('""', "empty file name"), ('"folder"', "a directory, not a scenario file")],
                         ids=["empty", "directory"])
def test_extends_must_name_a_file(asmsim, tmp_path, extends, message):
    (tmp_path / "folder").mkdir()
    (tmp_path / "bad.toml").write_text(f"# extends what is not a scenario\nextends = {extends}\n" + SMALL_TABLE)
    run = asmsim("run", tmp_path / "bad.toml", "-o", tmp_path / "out.h5", expect=2)
    assert f"{tmp_path / 'bad.toml'}:2" in run.stderr and "'extends'" in run.stderr and message in run.stderr, run.describe()


def test_experiment_listing_a_directory_names_the_experiment_line(asmsim, tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "exp.toml").write_text(f'name = "x"\nscenarios = [\n  "{BASELINE}",\n  "folder",\n]\n')
    run = asmsim("compare", tmp_path / "exp.toml", "-o", tmp_path / "out.h5", expect=2)
    assert f"{tmp_path / 'exp.toml'}:4" in run.stderr and "a directory, not a scenario file" in run.stderr, run.describe()
    asmsim("compare", tmp_path / "folder", "-o", tmp_path / "out.h5", expect=2)
    assert not (tmp_path / "out.h5").exists()


def test_a_megabyte_line_is_refused_at_once(asmsim, tmp_path):
    # A hostile key of 2 MB used to hang the TOML parser; it is refused before parsing, with its line.
    (tmp_path / "bad.toml").write_text(SMALL_TABLE + "a" * 2_000_000 + " = 1\n")
    run = asmsim("run", tmp_path / "bad.toml", "-o", tmp_path / "out.h5", expect=2)
    assert f"{tmp_path / 'bad.toml'}:4" in run.stderr and "characters (at most 65536)" in run.stderr, run.describe()


ALL_SCENARIOS = sorted(SCENARIOS.rglob("*.toml"))


def test_scenarios_folder_is_found():
    assert SCENARIOS / "baseline.toml" in ALL_SCENARIOS and SCENARIOS / "gold_replay_1999_2024.toml" in ALL_SCENARIOS


@pytest.mark.parametrize("scenario", ALL_SCENARIOS, ids=[str(p.relative_to(SCENARIOS)) for p in ALL_SCENARIOS])
def test_validate_accepts_shipped_scenarios(asmsim, scenario):
    result = asmsim("validate", scenario, expect=0)
    assert result.stderr == ""
    assert result.stdout.startswith("ok  ") and str(scenario) in result.stdout


def test_validate_several_files_reports_each(asmsim, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(BASE + "[simulation]\nhousholds = 200\n")
    result = asmsim("validate", BASELINE, bad, GOLD_REPLAY, expect=2)
    assert result.stdout.count("ok  ") == 2
    assert f"{bad}:3" in result.stderr


@pytest.mark.parametrize("shard", ["99999999999/3", "3/2", "0/0", "a/b", "1/4x", "2000000/3000000"])
def test_sweep_rejects_a_bad_shard(asmsim, tmp_path, shard):
    # "99999999999/3" used to end in an uncaught std::stoi out_of_range.
    run = asmsim("sweep", SCENARIOS / "sweeps" / "ishigami.toml", "-o", tmp_path / "sw.h5", "--shard", shard, expect=2)
    assert f"--shard: expected i/n with 0 <= i < n <= 1000000, got '{shard}'" in run.stderr, run.describe()
    assert sorted(tmp_path.iterdir()) == []


def test_sweep_window_longer_than_the_run_is_refused(asmsim, tmp_path):
    spec = tmp_path / "sweep.toml"
    spec.write_text(f'name = "w"\nreplicates = 1\n[model]\nkind = "livelihood"\nscenario = "{BASELINE}"\n'
                    'set = ["simulation.households=100", "simulation.months=24"]\n'
                    '[design]\nkind = "latin_hypercube"\nsamples = 4\n'
                    '[[parameters]]\nname = "prices.gold.volatility_annual"\nmin = 0.05\nmax = 0.3\n'
                    '[[outputs]]\nname = "poverty_headcount"\nstatistic = "mean_last_months"\nmonths = 36\n')
    run = asmsim("sweep", spec, "-o", tmp_path / "out.h5", expect=2)
    assert f"{spec}:15" in run.stderr and "longer than the run (24 months)" in run.stderr, run.describe()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sweep.toml"]


def test_sweep_too_big_for_memory_is_refused_before_it_is_built(asmsim, tmp_path):
    # --max-memory stands in for a small machine: the 32,768-point Ishigami design needs a few MB.
    out = tmp_path / "sw.h5"
    run = asmsim("sweep", SCENARIOS / "sweeps" / "ishigami.toml", "-o", out, "--max-memory", "0.001", expect=2)
    assert "the design (32768 points) needs about" in run.stderr and "allowed by --max-memory" in run.stderr, run.describe()
    assert sorted(tmp_path.iterdir()) == []
    asmsim("sweep", SCENARIOS / "sweeps" / "ishigami.toml", "-o", out, "--max-memory", "1", "-q", expect=0)


def test_an_error_in_an_extended_file_names_the_users_file_too(asmsim, tmp_path):
    # issue 18.4: the user's file first, then the file inside it (here through extends and a list).
    (tmp_path / "base.toml").write_text(BASE + "[simulation]\nmonthz = 3\n")
    (tmp_path / "top.toml").write_text('extends = "base.toml"\n' + SMALL_TABLE)
    run = asmsim("run", tmp_path / "top.toml", "-o", tmp_path / "out.h5", expect=2)
    assert f"{tmp_path / 'base.toml'}:3" in run.stderr and f"reached from {tmp_path / 'top.toml'}" in run.stderr, run.describe()
    (tmp_path / "exp.toml").write_text(f'name = "x"\nscenarios = ["{BASELINE}", "top.toml"]\n')
    compare = asmsim("compare", tmp_path / "exp.toml", "-o", tmp_path / "out.h5", expect=2)
    assert f"listed in {tmp_path / 'exp.toml'}" in compare.stderr and "reached from" in compare.stderr, compare.describe()
    assert not (tmp_path / "out.h5").exists()


# --- limits known before work starts (issue 18.3) ---------------------------------------------

@pytest.mark.parametrize("command", ["run", "compare"])
def test_a_job_too_big_for_memory_is_refused_before_it_starts(asmsim, tmp_path, command):
    out = tmp_path / "out.h5"
    target = BASELINE
    if command == "compare":
        target = tmp_path / "exp.toml"
        target.write_text(f'name = "x"\nscenarios = ["{BASELINE}", "{BASELINE}"]\n')
    r = asmsim(command, target, "-o", out, "-q", "-t", "2", "-r", "2", "--max-memory", "0.05",
               "--set", "simulation.households=1000000", expect=2)
    assert "needs about" in r.stderr and "of memory (50.0 MB allowed by --max-memory)" in r.stderr, r.describe()
    assert "households in flight" in r.stderr and "--threads" in r.stderr
    assert not out.exists() and not list(tmp_path.glob("*.partial-*"))
    # A small job within the same limit runs.
    asmsim(command, target, "-o", out, "-q", "-r", "2", "--max-memory", "0.5", "--set", "simulation.households=300",
           "--set", "simulation.months=12", expect=0)


@pytest.mark.parametrize("text, message", [
    ("[simulation]\n" + "k" * 5000 + " = 1\n", "key of 5000 characters (at most 256)"),
    ("[" + ".".join(["t"] * 40) + "]\nx = 1\n", "nested more than 16 levels deep"),
    ("x = " + "[" * 30 + "]" * 30 + "\n", "nested more than 16 levels deep"),
], ids=["long_key", "deep_tables", "deep_arrays"])
@pytest.mark.parametrize("kind", ["scenario", "sweep"])
def test_long_keys_and_deep_nesting_are_refused_with_file_and_line(asmsim, tmp_path, text, message, kind):
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    out = tmp_path / "out.h5"
    r = asmsim("run" if kind == "scenario" else "sweep", bad, "-o", out, expect=2)
    assert f"{bad}:" in r.stderr and message in r.stderr, r.describe()
    assert len(r.stderr) < 2000, "the message quotes at most the start of a long key"
    assert not out.exists()
