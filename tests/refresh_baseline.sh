#!/usr/bin/env bash
# Regenerates tests/data/baseline_reference.json, the reference of the baseline regression test
# (tests/python/test_baseline_regression.py).
#
# WHY: the regression test runs the baseline scenario with fixed small settings (two replicates,
# 500 households, 36 months, seed 12345; see RUN_ARGS in tests/python/baseline_reference.py) and
# compares every /timeseries output with this reference to relative 1e-12. Any change of the
# model's numbers, intended or not, therefore makes it fail. The other tests check properties
# (identities, mechanisms, directions); this one notices that *something* changed.
#
# WHEN to run it: ON PURPOSE, only after a change of results that you intend and have checked:
#   - a model change (new or changed process, equation or month order),
#   - a change of a default parameter (sim/model/schema.cpp) or of the output list,
#   - a bug fix that changes results,
#   - merging an optimisation that reorders floating-point operations or random draws,
#   - a new compiler, library or platform, if reproducibility across it is not expected.
# Review the diff of tests/data/baseline_reference.json (which outputs moved, and by how much)
# and commit it together with the change that caused it, saying why in the commit message.
#
# Do NOT run it just to make a failing regression test pass: a difference you cannot explain is
# a regression to find first.
#
# Needs: the built binary (make build; or ASMSIM_BIN=/path/to/asmsim) and Python 3 with h5py
# (make deps installs it; PYTHON overrides the interpreter, /usr/bin/python3 by default as in
# the Makefile).
#
# Usage: tests/refresh_baseline.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
asmsim_bin="${ASMSIM_BIN:-$repo/build/bin/asmsim}"
python="${PYTHON:-/usr/bin/python3}"

if [[ ! -x "$asmsim_bin" ]]; then
    echo "refresh_baseline.sh: no asmsim binary at $asmsim_bin; build it with 'make build' or set ASMSIM_BIN" >&2
    exit 1
fi

"$python" "$repo/tests/python/baseline_reference.py" write "$asmsim_bin"
echo "Review the change with 'git diff tests/data/baseline_reference.json' and commit it with its reason."
