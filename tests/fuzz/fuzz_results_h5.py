#!/usr/bin/env python3
"""Mutation fuzzer for the Python readers of run and comparison files (issue 18; docs/testing.md).

Run and comparison files are read only by the Python package (analysis/asmsim: open_run,
open_experiment, open_comparison, open_panel, ... and `python3 -m asmsim report`), so no libFuzzer
target covers them. This harness needs no coverage feedback: it makes a small run file (with a
household panel) and a small comparison file with the CLI, applies random scripted edits to
copies of them through h5py, at the level of datasets and attributes (reshaped to other ranks and
lengths, other types, values overwritten with NaN, infinities, huge or negative numbers, objects
and attributes deleted, attributes replaced by other types and values, /metadata@file_kind and
@format_version changed, the file's bytes cut short), and gives each copy to every reader and to
the report. Each input runs in a forked child (the package imported once, in the parent), under a
time and a memory limit.

An outcome is OK when the reader returns, or raises ValueError / OSError (the package's own
errors, asmsim.files.ResultsFileError among them) whose message starts with the file's path; the
report is OK when it exits 0 with index.html written, or exits 1 (inconsistent contents) or 2 (bad
input) with one error line naming the file, no traceback and no report folder or partial file
left. Anything else is a FINDING: an uncaught exception (its traceback is printed), another exit
code, a crash of the child, a hang past --timeout, or leftover output. Every --cli-every'th input
also runs the real command line (`python3 -m asmsim report`) in a subprocess.

Every input is reproducible from (--seed, input number): the seed, the seed file and the edit
script of each finding are printed and saved as JSON (with the mutated file) under
tests/fuzz/regressions/results_h5/; `--replay FILE.json` runs one again.

    tests/fuzz/fuzz_results_h5.py --asmsim build/bin/asmsim --seconds 600
Exit code: 0 no finding, 1 findings, 2 usage or seed files could not be made.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import h5py
import numpy as np

REPO = Path(__file__).resolve().parents[2]
ANALYSIS = REPO / "analysis"
SCENARIOS = REPO / "scenarios"
REGRESSIONS = REPO / "tests" / "fuzz" / "regressions" / "results_h5"

# --- seed files ---------------------------------------------------------------------------------

TINY = ["--set", "simulation.households=60", "--set", "simulation.months=14", "--set", "simulation.sites=3",
        "--set", "outputs.panel_households=8"]


def make_seeds(asmsim: Path, folder: Path) -> dict[str, Path]:
    """A run (2 replicates, panel of every month) and a comparison (2 scenarios, 2 replicates,
    panel of two months) of 60 households over 14 months: well under a second each."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = {"run": folder / "run.h5", "comparison": folder / "comparison.h5"}
    if all(p.exists() for p in seeds.values()):
        return seeds
    for name, body in (("base", ""), ("cash", "[interventions.cash_transfer]\ncoverage = 0.3\nstart_month = 2\n")):
        (folder / f"{name}.toml").write_text(f'name = "{name}"\nextends = "{SCENARIOS / "baseline.toml"}"\n{body}')
    (folder / "experiment.toml").write_text(f'name = "tiny"\nscenarios = ["{folder / "base.toml"}", '
                                            f'"{folder / "cash.toml"}"]\nreplicates = 2\n')
    commands = [
        [asmsim, "run", SCENARIOS / "baseline.toml", "-o", seeds["run"], "-r", "2", "-q", *TINY,
         "--set", 'outputs.panel_months="all"'],
        [asmsim, "compare", folder / "experiment.toml", "-o", seeds["comparison"], "-q", *TINY,
         "--set", 'outputs.panel_months="0, 13"'],
    ]
    for command in commands:
        done = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"cannot make a seed file: {' '.join(map(str, command))}\n{done.stderr}")
    return seeds


# --- what a seed file holds -----------------------------------------------------------------------

# Objects the readers and the report use directly: picked more often than the other variables.
USED = {"scenario", "replicate", "month", "household", "outcome", "outcome_units", "mean", "difference",
        "paired_ci_low", "paired_ci_high", "unpaired_ci_low", "unpaired_ci_high", "group", "group_grouping",
        "group_households", "group_effect", "group_effect_ci_low", "group_effect_ci_high", "share_higher",
        "share_lower", "household_outcome", "household_outcome_units", "percentile", "quantile_outcome",
        "quantile_value", "quantile_effect", "intervention", "programme_cost_usd", "income_usd_per_capita",
        "consumption_usd_per_capita", "poor", "price_gold_usd_per_g", "head_female", "metadata", "timeseries",
        "comparison", "panel", "households"}


def catalog(path: Path) -> dict:
    """Datasets (path, shape, dtype kind, whether a dimension scale), groups and attributes."""
    out = {"datasets": [], "groups": [], "attributes": []}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                scale = obj.attrs.get("CLASS", b"") == b"DIMENSION_SCALE"
                out["datasets"].append({"path": "/" + name, "shape": list(obj.shape), "kind": obj.dtype.kind,
                                        "scale": bool(scale)})
            else:
                out["groups"].append("/" + name)
            for a in obj.attrs:
                out["attributes"].append(["/" + name, a])
        for a in f.attrs:
            out["attributes"].append(["/", a])
        f.visititems(visit)
    return out


def weight(path: str) -> int:
    return 6 if path.rsplit("/", 1)[-1] in USED else 1


def pick(rng: random.Random, items, key=lambda x: x):
    return rng.choices(items, weights=[weight(key(i)) for i in items])[0]


# --- edit scripts ---------------------------------------------------------------------------------

DTYPES = ["int8", "int32", "int64", "uint8", "uint64", "float32", "float64", "bool", "str", "bytes8", "complex128"]
VALUES = ["nan", "inf", "-inf", 1e308, -1e308, -1, 0, 1, 2**62, -2**62, 0.5, 1e-300]
TEXTS = ["", "x" * 5000, "nan", "all", "\u00e9\u00e8", "role", "-1", "none"]
KINDS = ["run", "comparison", "sweep", "sweep_shard", "calibration", "", "experiment", "RUN"]
VERSIONS = [0, 1, 2, 99, -1, 2**63 - 1, "1", 1.5, [1, 1], "x"]


def attr_value(rng: random.Random):
    """A value and dtype of another type than the attribute probably has."""
    return rng.choice([
        {"value": rng.choice([0, 1, -1, 7, 2**40, -2**62]), "dtype": "int64"},
        {"value": rng.choice(["nan", "inf", "1e308", "-0.0"]), "dtype": "float64"},
        {"value": rng.choice(TEXTS), "dtype": "str"},
        {"value": [rng.choice(TEXTS) for _ in range(rng.randint(0, 3))], "dtype": "str"},
        {"value": [rng.randint(-3, 3) for _ in range(rng.randint(0, 4))], "dtype": "int64"},
        {"value": "abc", "dtype": "bytes8"},
    ])


def new_shape(rng: random.Random, shape: list[int]) -> list[int]:
    choice = rng.random()
    if choice < 0.4 and shape:  # one axis longer or shorter, the rank kept
        shape = list(shape)
        axis = rng.randrange(len(shape))
        shape[axis] = max(0, shape[axis] + rng.choice([-1, 1, -shape[axis], 1 + shape[axis]]))
        return shape
    rank = rng.randint(0, 5)
    lengths = sorted(set([0, 1, 2, 3] + list(shape) + [s + 1 for s in shape]))
    return [rng.choice(lengths) for _ in range(rank)]


def one_edit(rng: random.Random, cat: dict) -> dict:
    datasets = cat["datasets"]
    op = rng.choices(["reshape", "retype", "values", "delete", "delattr", "setattr", "kind", "version", "huge",
                      "delete_group"],
                     weights=[5, 4, 6, 3, 3, 4, 1, 1, 1, 1])[0]
    if op in ("reshape", "retype", "values", "delete", "huge"):
        d = pick(rng, datasets, key=lambda d: d["path"])
        edit = {"op": op, "path": d["path"]}
        if op == "reshape":
            edit["shape"] = new_shape(rng, d["shape"])
            edit["keep_dims"] = rng.random() < 0.5
        elif op == "retype":
            edit["dtype"] = rng.choice(DTYPES)
        elif op == "values":
            edit["value"] = rng.choice(TEXTS) if d["kind"] in "OSU" else rng.choice(VALUES)
            edit["where"] = rng.choice(["all", "first", "last", "random"])
            edit["index"] = rng.randrange(1 << 30)
        elif op == "huge":
            edit["shape"] = rng.choice([[2**31], [2, 2**30], [2**20, 2**20], [3, 2**28, 14]])
        return edit
    if op == "delete_group":
        return {"op": "delete", "path": pick(rng, cat["groups"])}
    if op in ("delattr", "setattr"):
        obj, name = pick(rng, cat["attributes"], key=lambda a: a[1] if a[0] != "/metadata" else "metadata")
        edit = {"op": op, "path": obj, "name": name}
        if op == "setattr":
            edit.update(attr_value(rng))
        return edit
    if op == "kind":
        return {"op": "setattr", "path": "/metadata", "name": "file_kind", "value": rng.choice(KINDS), "dtype": "str"}
    value = rng.choice(VERSIONS)
    dtype = "str" if isinstance(value, str) else "float64" if isinstance(value, float) else "int64"
    return {"op": "setattr", "path": "/metadata", "name": "format_version", "value": value, "dtype": dtype}


def make_script(rng: random.Random, cat: dict) -> list[dict]:
    script = [one_edit(rng, cat) for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))]
    if rng.random() < 0.05:
        script.append({"op": "truncate", "keep": rng.choice([0.1, 0.5, 0.9, 0.99])})
    return script


# --- applying an edit script ----------------------------------------------------------------------

def _typed(value, dtype):
    if dtype == "str":
        return np.array(value, dtype=h5py.string_dtype()) if isinstance(value, list) else value, h5py.string_dtype()
    if dtype == "bytes8":
        return np.array(value, dtype="S8"), "S8"
    if dtype == "float64":
        return np.array(float(value) if not isinstance(value, list) else value, dtype="float64"), "float64"
    return np.array(value, dtype=dtype), dtype


def _convert(data: np.ndarray, dtype: str) -> tuple[np.ndarray, object]:
    if dtype == "str":
        return np.array([str(v) for v in data.ravel().tolist()], dtype=object).reshape(data.shape), h5py.string_dtype()
    if dtype == "bytes8":
        return np.array([str(v).encode()[:8] for v in data.ravel().tolist()], dtype="S8").reshape(data.shape), "S8"
    if data.dtype.kind in "OSU":
        def number(v):
            try:
                return float(v)
            except (TypeError, ValueError):
                return float(len(v))
        data = np.array([number(v) for v in data.ravel().tolist()], dtype=float).reshape(data.shape)
    with np.errstate(all="ignore"):
        return np.nan_to_num(data.astype(float), nan=0, posinf=0, neginf=0).astype(dtype) \
            if np.dtype(dtype).kind in "iub" else data.astype(dtype), dtype


def _scales(ds) -> list[list[str]]:
    try:
        return [[s.name for s in ds.dims[i].values()] for i in range(ds.ndim)]
    except Exception:  # dangling references after an earlier edit
        return []


def _replace(f, path: str, data: np.ndarray, dtype, keep_dims: bool) -> None:
    old = f[path]
    scale_name = old.attrs.get("NAME") if old.attrs.get("CLASS", b"") == b"DIMENSION_SCALE" else None
    scales = _scales(old) if keep_dims else []
    del f[path]
    new = f.create_dataset(path, data=data, dtype=dtype)
    if scale_name is not None and keep_dims:
        new.make_scale(scale_name.decode() if isinstance(scale_name, bytes) else str(scale_name))
    for axis, names in enumerate(scales[:new.ndim]):
        for name in names:
            if name in f and name != path:
                new.dims[axis].attach_scale(f[name])


def apply_edit(f, edit: dict) -> None:
    op, path = edit["op"], edit.get("path")
    if op == "reshape":
        data = f[path][()]
        flat = np.asarray(data).ravel()
        size = int(np.prod(edit["shape"])) if edit["shape"] else 1
        values = np.resize(flat, size) if flat.size else np.zeros(size, dtype=data.dtype)
        _replace(f, path, values.reshape(edit["shape"]), f[path].dtype, edit["keep_dims"])
    elif op == "retype":
        data, dtype = _convert(np.asarray(f[path][()]), edit["dtype"])
        _replace(f, path, data, dtype, keep_dims=True)
    elif op == "values":
        ds = f[path]
        data = np.array(ds[()])
        if data.ndim == 0 or data.size == 0:
            return
        value = edit["value"]
        if data.dtype.kind in "OSU":
            value = value if data.dtype.kind != "S" else str(value).encode()[:data.dtype.itemsize]
        else:
            value = float(value) if isinstance(value, str) else value
        flat = data.reshape(-1)
        where = {"all": slice(None), "first": 0, "last": -1, "random": edit["index"] % flat.size}[edit["where"]]
        with np.errstate(all="ignore"):
            if flat.dtype.kind in "iub" and not np.isfinite(value):
                value = 0
            flat[where] = np.array(value).astype(flat.dtype) if flat.dtype.kind not in "OSU" else value
        ds[...] = data
    elif op == "delete":
        del f[path]
    elif op == "huge":
        old = f[path]
        dtype = old.dtype
        del f[path]
        f.create_dataset(path, shape=tuple(edit["shape"]), dtype=dtype, chunks=tuple(1 for _ in edit["shape"]))
    elif op == "delattr":
        del f[path].attrs[edit["name"]]
    elif op == "setattr":
        value, dtype = _typed(edit["value"], edit["dtype"])
        if edit["name"] in f[path].attrs:
            del f[path].attrs[edit["name"]]
        f[path].attrs.create(edit["name"], value, dtype=dtype)
    else:
        raise ValueError(f"unknown edit {op}")


def craft(seed_file: Path, target: Path, script: list[dict]) -> list[str]:
    """Copies seed_file to target and applies the script; returns notes on edits that HDF5 refused."""
    shutil.copy(seed_file, target)
    notes = []
    with h5py.File(target, "r+") as f:
        for edit in script:
            if edit["op"] == "truncate":
                continue
            try:
                apply_edit(f, edit)
            except Exception as error:  # an edit that does not apply (the object is gone): skipped
                notes.append(f"edit {edit} not applied: {type(error).__name__}: {error}")
    for edit in script:
        if edit["op"] == "truncate":
            data = target.read_bytes()
            target.write_bytes(data[:int(len(data) * edit["keep"])])
    return notes


# --- running the readers --------------------------------------------------------------------------

def _clean(error: BaseException, path: Path) -> bool:
    """The package's own error: ValueError or OSError (ResultsFileError included) naming the file."""
    return isinstance(error, (ValueError, OSError)) and str(error).startswith(f"{path}: ")


def _leftovers(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if ".partial-" in p.name)


def report_outcome(code, stderr: str, path: Path, out: Path) -> str | None:
    """None when `report` behaved; else what was wrong."""
    if code not in (0, 1, 2):
        return f"exit code {code}"
    if "Traceback" in stderr:
        return f"exit code {code} with a traceback"
    left = _leftovers(out.parent)
    if left:
        return f"exit code {code}, partial output left: {left}"
    if code == 0:
        return None if (out / "index.html").is_file() else "exit code 0 without index.html"
    errors = [line for line in stderr.splitlines() if line.startswith("asmsim report: error:")]
    if len(errors) != 1 or str(path) not in errors[0]:
        return f"exit code {code} without one error line naming the file: {stderr!r}"
    if out.exists():
        return f"exit code {code}, report folder left: {sorted(map(str, out.rglob('*')))}"
    return None


def check_in_process(path: Path, work: Path, with_report: bool) -> list[dict]:
    """Runs every reader and (with_report) the report's main() on path; returns the findings."""
    import warnings

    import asmsim
    from asmsim import __main__ as cli
    findings = []
    readers = ["file_kind", "metadata", "open_run", "open_households", "open_experiment", "open_comparison",
               "open_panel", "open_group_effects", "open_quantile_effects", "open_calibration", "open_uncertainty",
               "open_any"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in readers:
            try:
                getattr(asmsim, name)(path)
            except Exception as error:
                if not _clean(error, path):
                    findings.append({"reader": name, "what": f"{type(error).__name__}: {error}"[:500],
                                     "traceback": traceback.format_exc()})
    if with_report:
        out = work / "report"
        stderr = io.StringIO()
        try:
            with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
                code = cli.main(["report", str(path), "-o", str(out)])
        except BaseException as error:
            findings.append({"reader": "report", "what": f"uncaught {type(error).__name__}: {error}"[:500],
                             "traceback": traceback.format_exc()})
        else:
            wrong = report_outcome(code, stderr.getvalue(), path, out)
            if wrong:
                findings.append({"reader": "report", "what": wrong, "traceback": stderr.getvalue()[-4000:]})
    return findings


def check_cli(path: Path, work: Path, timeout: float) -> list[dict]:
    """The real command line, `python3 -m asmsim report FILE -o DIR`, in a subprocess."""
    out = work / "report_cli"
    env = dict(os.environ, PYTHONPATH=str(ANALYSIS))
    try:
        done = subprocess.run([sys.executable, "-m", "asmsim", "report", str(path), "-o", str(out)], env=env,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return [{"reader": "report (command line)", "what": f"no answer after {timeout} s", "traceback": ""}]
    wrong = report_outcome(done.returncode, done.stderr, path, out)
    return [{"reader": "report (command line)", "what": wrong, "traceback": done.stderr[-4000:]}] if wrong else []


def _forked(work: Path, timeout: float, memory_gb: float, job) -> tuple[str, object]:
    """Runs job() in a forked child under a time and an address-space limit. Returns ("ok", the
    JSON-able value job returned), ("hang", None) or ("died", how)."""
    result = work / "result.json"
    result.unlink(missing_ok=True)
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 3
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            limit = int(memory_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            result.write_text(json.dumps(job()))
            code = 0
        finally:
            os._exit(code)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "hang", None
        time.sleep(0.02)
    if os.WIFSIGNALED(status) or os.WEXITSTATUS(status) != 0 or not result.exists():
        return "died", f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
    return "ok", json.loads(result.read_text())


def run_forked(path: Path, work: Path, with_report: bool, timeout: float, memory_gb: float) -> list[dict]:
    """check_in_process in a forked child (the package is imported once, in the parent)."""
    state, value = _forked(work, timeout, memory_gb, lambda: check_in_process(path, work, with_report))
    if state == "hang":
        return [{"reader": "all", "what": f"no answer after {timeout} s (hang)", "traceback": ""}]
    if state == "died":
        return [{"reader": "all", "what": f"the child process died ({value})", "traceback": ""}]
    return value


# --- the loop -------------------------------------------------------------------------------------

def fuzz(seeds: dict[str, Path], seed: int, seconds: float, max_inputs: int | None, work: Path, *,
         report_every: int = 1, cli_every: int = 0, timeout: float = 120, memory_gb: float = 6,
         save: Path | None = REGRESSIONS, log=print) -> tuple[int, list[dict]]:
    """Runs inputs 0, 1, ... of seed `seed` until `seconds` pass or max_inputs are run.
    Returns (inputs run, findings)."""
    cats = {name: catalog(p) for name, p in seeds.items()}
    names = sorted(seeds)
    findings = []
    start = time.monotonic()
    i = 0
    while time.monotonic() - start < seconds and (max_inputs is None or i < max_inputs):
        rng = random.Random(f"{seed}:{i}")
        name = names[i % len(names)]
        script = make_script(rng, cats[name])
        findings += run_one(seeds[name], name, seed, i, script, work, report=(i % report_every == 0),
                            cli=bool(cli_every) and i % cli_every == 0, timeout=timeout, memory_gb=memory_gb,
                            save=save, log=log)
        i += 1
    return i, findings


def run_one(seed_file: Path, name: str, seed, index, script, work: Path, *, report=True, cli=False, timeout=120,
            memory_gb=6, save: Path | None = None, log=print) -> list[dict]:
    case = work / "case"
    shutil.rmtree(case, ignore_errors=True)
    case.mkdir(parents=True)
    path = case / f"{name}.h5"
    # The edits too run in a child: HDF5 can fail hard on some of them, which is not asmsim's finding.
    state, notes = _forked(case, timeout, memory_gb, lambda: craft(seed_file, path, script))
    if state != "ok":
        log(f"input {index}: the edits could not be made ({state} {notes or ''}); skipped")
        return []
    found = run_forked(path, case, report, timeout, memory_gb)
    if cli:
        shutil.rmtree(case / "report", ignore_errors=True)
        found += check_cli(path, case, timeout)
    if found:
        record = {"seed": seed, "input": index, "seed_file": name, "script": script, "notes": notes, "findings": found}
        log(f"FINDING in input {index} (seed {seed}, {name} file), edits: {json.dumps(script)}")
        for f in found:
            log(f"  {f['reader']}: {f['what']}")
            if f["traceback"]:
                log("    " + f["traceback"].strip().replace("\n", "\n    "))
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            stem = f"{name}-{seed}-{index}"
            (save / f"{stem}.json").write_text(json.dumps(record, indent=1) + "\n")
            shutil.copy(path, save / f"{stem}.h5")
        return [record]
    return []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--asmsim", default=str(REPO / "build" / "bin" / "asmsim"), help="the asmsim binary")
    parser.add_argument("--seconds", type=float, default=60, help="fuzz this long (default 60)")
    parser.add_argument("--runs", type=int, default=None, help="stop after this many inputs")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock; printed)")
    parser.add_argument("--work", default=None, help="work folder (seed files are kept here; default: a temporary one)")
    parser.add_argument("--report-every", type=int, default=1, help="run the report on every Nth input (default 1)")
    parser.add_argument("--cli-every", type=int, default=10,
                        help="also run `python3 -m asmsim report` in a subprocess on every Nth input (0: never)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per input before it counts as a hang")
    parser.add_argument("--no-save", action="store_true", help=f"do not save findings under {REGRESSIONS}")
    parser.add_argument("--replay", nargs="*", default=[], help="run the edit scripts of these saved findings (JSON)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ANALYSIS))
    import asmsim  # noqa: F401  (imported once, before the children are forked)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="fuzz_results_h5-"))
    try:
        seeds = make_seeds(Path(args.asmsim), work / "seeds")
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        print(f"fuzz_results_h5: {error}", file=sys.stderr)
        return 2
    save = None if args.no_save else REGRESSIONS
    if args.replay:
        findings = []
        for file in args.replay:
            record = json.loads(Path(file).read_text())
            findings += run_one(seeds[record["seed_file"]], record["seed_file"], record["seed"], record["input"],
                                record["script"], work, cli=True, timeout=args.timeout, save=None)
        print(f"fuzz_results_h5: replayed {len(args.replay)} inputs, {len(findings)} findings")
        return 1 if findings else 0
    seed = args.seed if args.seed is not None else int(time.time())
    print(f"fuzz_results_h5: seed {seed}, {args.seconds:g} s, seed files in {work / 'seeds'}", flush=True)
    started = time.monotonic()
    runs, findings = fuzz(seeds, seed, args.seconds, args.runs, work, report_every=args.report_every,
                          cli_every=args.cli_every, timeout=args.timeout, save=save,
                          log=lambda text: print(text, flush=True))
    print(f"fuzz_results_h5: seed {seed}: {runs} inputs run in {time.monotonic() - started:.0f} s, "
          f"{len(findings)} findings" + (f" (saved under {save})" if findings and save else ""))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
