#!/usr/bin/env bash
# End-to-end commands under the sanitizers (make sanitize): run, compare, a sweep on threads, on
# two shards merged and on two MPI ranks, and analyze. Any sanitizer report aborts the command
# (ASAN_OPTIONS=abort_on_error=1, UBSAN_OPTIONS=halt_on_error=1, set by the Makefile), so a
# non-zero exit here is a finding. Usage: tests/sanitize/end_to_end.sh BUILD_DIR
set -euo pipefail
asmsim="$(cd "$1" && pwd)/bin/asmsim"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
small=(--set simulation.households=300 --set simulation.months=24)

step() { echo "sanitize: $*"; "$@"; }
step "$asmsim" run "$repo/scenarios/baseline.toml" -o "$work/run.h5" -r 2 -t 2 -q "${small[@]}"
step "$asmsim" compare "$repo/scenarios/experiments/framework.toml" -o "$work/compare.h5" -r 2 -t 2 -q "${small[@]}" > /dev/null

cat > "$work/sweep.toml" <<TOML
name = "sanitize"
replicates = 2
seed = 5
[model]
kind = "livelihood"
scenario = "$repo/scenarios/baseline.toml"
set = ["simulation.households=100", "simulation.months=12"]
[design]
kind = "sobol"
samples = 4
randomisations = 2
[[parameters]]
name = "formalisation.licence_fee_usd"
distribution = "log_uniform"
min = 10
max = 500
[[parameters]]
name = "enforcement.inspection_rate_monthly"
min = 0.0
max = 0.05
[[outputs]]
name = "poverty_headcount"
statistic = "mean_last_months"
months = 6
TOML
step "$asmsim" sweep "$work/sweep.toml" -o "$work/sweep.h5" -t 2 -q
step "$asmsim" analyze "$work/sweep.h5" --bootstrap 50 > /dev/null
step "$asmsim" sweep "$work/sweep.toml" -o "$work/shard0.h5" --shard 0/2 -q
step "$asmsim" sweep "$work/sweep.toml" -o "$work/shard1.h5" --shard 1/2 -q
step "$asmsim" merge "$work/shard1.h5" "$work/shard0.h5" -o "$work/merged.h5" -q
if command -v mpirun > /dev/null; then
    # Open MPI's allocations are suppressed by library (tests/sanitize/lsan.supp); the fast unwinder
    # stops inside its libraries (no frame pointers), so leaks there need the slow one to be named.
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:fast_unwind_on_malloc=0" OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 \
        step mpirun -n 2 "$asmsim" sweep "$work/sweep.toml" -o "$work/ranks.h5" -t 1 -q
fi
echo "sanitize: end-to-end commands passed with no sanitizer report"
