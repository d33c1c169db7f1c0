#!/usr/bin/env bash
# Runs the libFuzzer targets of a sanitizer build (make sanitize-build).
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS
#   SECONDS = 0: replay each target's seed corpus and regression inputs once (make sanitize).
#   SECONDS > 0: fuzz each target that long (make fuzz), two at a time; new inputs go to
#   BUILD_DIR/fuzz-corpus/TARGET, findings to BUILD_DIR/fuzz-findings/ (the script then fails).
# A finding is fixed and its input copied to tests/fuzz/regressions/TARGET/ (docs/testing.md).
# Then the mutation fuzzer of the Python readers of run and comparison files (fuzz_results_h5.py,
# not libFuzzer): SECONDS = 0 replays its saved findings, SECONDS > 0 fuzzes that long; its
# findings are saved to tests/fuzz/regressions/results_h5/.
set -euo pipefail
build=$(cd "$1" && pwd)
seconds=$2
here="$(cd "$(dirname "$0")" && pwd)"
targets=(fuzz_scenario fuzz_price_csv fuzz_sweep_spec fuzz_journal fuzz_sweep_h5)
jobs=${JOBS:-$(nproc)}

export ASMSIM_FUZZ_H5_SEEDS="$build/fuzz-h5-seeds"
bash "$here/make_h5_seeds.sh" "$build/bin/asmsim" "$ASMSIM_FUZZ_H5_SEEDS"
mkdir -p "$build/fuzz-findings"

one() {
    local target=$1 seconds=$2 build=$3 here=$4
    local seeds="$here/corpus/$target" regressions="$here/regressions/$target"
    local inputs=("$seeds")
    [ -d "$regressions" ] && inputs+=("$regressions")
    local log="$build/fuzz-findings/$target.log"
    if [ "$seconds" = 0 ]; then
        # -runs=0 on folders: every input once, no mutation.
        if ! "$build/fuzz/$target" -runs=0 "${inputs[@]}" > "$log" 2>&1; then
            echo "FAILED: $target on its corpus (log: $log)"; tail -40 "$log"; return 1
        fi
        echo "ok: $target replayed $(find "${inputs[@]}" -type f | wc -l) inputs"
    else
        local work="$build/fuzz-corpus/$target"
        mkdir -p "$work"
        if ! "$build/fuzz/$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
             -print_final_stats=1 -artifact_prefix="$build/fuzz-findings/$target-" \
             "$work" "${inputs[@]}" > "$log" 2>&1; then
            echo "FINDING: $target (log: $log)"; tail -60 "$log"; return 1
        fi
        local runs; runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
        echo "ok: $target fuzzed ${seconds}s, $runs inputs run, corpus $(find "$work" "${inputs[@]}" -type f | wc -l) files"
    fi
}
export -f one
status=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'one "$@"' _ {} "$seconds" "$build" "$here" || status=1

# The Python readers (one process: it forks one child per input).
log="$build/fuzz-findings/fuzz_results_h5.log"
work="$build/fuzz-results-h5"
rm -rf "$work"
python_fuzz=(/usr/bin/python3 "$here/fuzz_results_h5.py" --asmsim "$build/bin/asmsim" --work "$work")
if [ "$seconds" = 0 ]; then
    saved=()
    [ -d "$here/regressions/results_h5" ] && mapfile -t saved < <(find "$here/regressions/results_h5" -name '*.json' | sort)
    if [ "${#saved[@]}" -gt 0 ]; then
        if ! "${python_fuzz[@]}" --replay "${saved[@]}" > "$log" 2>&1; then
            echo "FAILED: fuzz_results_h5 on its saved findings (log: $log)"; tail -40 "$log"; status=1
        else
            echo "ok: fuzz_results_h5 replayed ${#saved[@]} saved findings"
        fi
    fi
elif ! "${python_fuzz[@]}" --seconds "$seconds" > "$log" 2>&1; then
    echo "FINDING: fuzz_results_h5 (log: $log)"; tail -60 "$log"; status=1
else
    echo "ok: fuzz_results_h5 fuzzed ${seconds}s, $(tail -1 "$log" | sed 's/^fuzz_results_h5: //')"
fi
exit $status
