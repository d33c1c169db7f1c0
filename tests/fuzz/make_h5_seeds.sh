#!/usr/bin/env bash
# Makes the seed files of fuzz_sweep_h5 with the asmsim CLI: small Sobol' and Morris sweeps (for
# analyze) and the two shards of a Latin hypercube sweep (for merge).
# Usage: tests/fuzz/make_h5_seeds.sh ASMSIM FOLDER
set -euo pipefail
asmsim=$1
out=$2
src="$(cd "$(dirname "$0")/../.." && pwd)/scenarios/sweeps"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Fewer points than the shipped sweeps: the fuzzer copies a seed for every input.
sed -e 's/^samples = .*/samples = 8/' -e 's/^randomisations = .*/randomisations = 2/' \
    "$src/ishigami.toml" > "$work/sobol.toml"
sed -e 's/^trajectories = .*/trajectories = 6/' "$src/gfunction_morris.toml" > "$work/morris.toml"
sed -e 's/^kind = "morris"/kind = "latin_hypercube"\nsamples = 24/' -e '/^trajectories\|^levels/d' \
    "$src/gfunction_morris.toml" > "$work/lhs.toml"
rm -f "$out"/{sweep_sobol,sweep_morris,shard0,shard1}.h5
"$asmsim" sweep "$work/sobol.toml" -o "$out/sweep_sobol.h5" --quiet
"$asmsim" sweep "$work/morris.toml" -o "$out/sweep_morris.h5" --quiet
"$asmsim" sweep "$work/lhs.toml" -o "$out/shard0.h5" --shard 0/2 --quiet
"$asmsim" sweep "$work/lhs.toml" -o "$out/shard1.h5" --shard 1/2 --quiet
