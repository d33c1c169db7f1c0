"""Baseline regression (Starsim style): the pinned baseline run must reproduce the stored reference.

The run and the summary are defined once, in baseline_reference.py; tests/refresh_baseline.sh
writes tests/data/baseline_reference.json from them. A failure lists the outputs that moved. If
the change is intended, run tests/refresh_baseline.sh ON PURPOSE and commit the new reference.
"""

import json

import pytest

from baseline_reference import (REFERENCE, REFRESH_SCRIPT, RELATIVE_TOLERANCE, REPO, RUN_ARGS, SAMPLED_MONTHS,
                                differences, run_pinned, summarise)

HOW_TO_REFRESH = (
    f"If this change of results is intended (a model change, a new default, a bug fix, a merged "
    f"optimisation that reorders floating-point operations or random draws), run {REFRESH_SCRIPT} ON "
    f"PURPOSE, review 'git diff {REFERENCE.relative_to(REPO)}' and commit it with the change. If it is "
    f"not intended, it is a regression: find its cause before refreshing.")


@pytest.fixture(scope="module")
def reference():
    if not REFERENCE.is_file():
        pytest.fail(f"no baseline reference at {REFERENCE}; generate it with {REFRESH_SCRIPT}", pytrace=False)
    doc = json.loads(REFERENCE.read_text())
    if doc.get("command") != ["asmsim", *RUN_ARGS] or doc.get("sampled_months") != SAMPLED_MONTHS:
        pytest.fail(f"{REFERENCE.name} was made with another command or other sampled months than "
                    f"baseline_reference.py now defines ({doc.get('command')} vs {['asmsim', *RUN_ARGS]}); "
                    f"run {REFRESH_SCRIPT} ON PURPOSE to regenerate it", pytrace=False)
    return doc


def test_baseline_reproduces_the_reference(asmsim_bin, reference, tmp_path):
    run_file = tmp_path / "baseline.h5"
    run_pinned(asmsim_bin, run_file)
    now = summarise(run_file)
    found = differences(reference["outputs"], now)
    if found:
        listing = "\n  ".join(found)
        pytest.fail(f"{len(found)} of {len(reference['outputs'])} /timeseries outputs differ from "
                    f"{REFERENCE.relative_to(REPO)} (relative tolerance {RELATIVE_TOLERANCE:g}; reference made "
                    f"by {reference['generated_by']}):\n  {listing}\n\n{HOW_TO_REFRESH}", pytrace=False)


def test_the_comparison_notices_a_change(reference):
    """The comparison itself: identical summaries pass, a change in the 13th digit of one value,
    a missing output and a new output are each reported by name."""
    outputs = reference["outputs"]
    assert differences(outputs, outputs) == []
    name = "n_miners"
    assert name in outputs, "n_miners is not in the reference"
    changed = json.loads(json.dumps(outputs))
    value = changed[name]["at_months"][1][-1]
    changed[name]["at_months"][1][-1] = value * (1 + 1e-11) if value else 1e-300
    found = differences(outputs, changed)
    assert len(found) == 1 and found[0].startswith(f"{name}: replicate 1 month {SAMPLED_MONTHS[-1]}"), found
    # Within the tolerance: not a difference.
    close = json.loads(json.dumps(outputs))
    close[name]["mean_over_months"][0] *= 1 + 1e-14
    assert differences(outputs, close) == []
    renamed = json.loads(json.dumps(outputs))
    renamed["n_miners_renamed"] = renamed.pop(name)
    found = differences(outputs, renamed)
    assert any(line.startswith(f"{name}: in the reference, no longer") for line in found), found
    assert any(line.startswith("n_miners_renamed: a new output") for line in found), found
