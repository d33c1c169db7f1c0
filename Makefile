# asmsim: the two commands a user needs.
#   make run    install what is missing, build (Release) and run the main job (the framework
#               experiment: results/framework.h5 and a printed comparison table)
#   make test   install what is missing, build, and run every test (C++ and Python)
# Other targets: deps, build, docs (regenerate generated docs), validate (docs/validation.md),
# report (HTML report of a results file: make report FILE=results/x.h5 OUT=results/x), bench,
# sweep (the model's Sobol' sensitivity sweep, docs/sensitivity.md), sanitize (the C++ tests and
# end-to-end commands under AddressSanitizer and UndefinedBehaviorSanitizer), fuzz (each libFuzzer
# target for FUZZ_SECONDS, then the mutation fuzzer of the Python readers for FUZZ_SECONDS), clean.
# docs/testing.md says what each checks.

SHELL := /bin/bash
BUILD_DIR ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PYTHON := /usr/bin/python3
ASMSIM := $(BUILD_DIR)/bin/asmsim

# Debian 12 packages needed to build, test and analyse.
DEB_PACKAGES := g++ make cmake pkg-config git \
	libeigen3-dev libboost-dev libhdf5-dev catch2 librandom123-dev libcli11-dev libtomlplusplus-dev \
	libopenmpi-dev openmpi-bin \
	python3 python3-numpy python3-h5py python3-xarray python3-h5netcdf python3-pytest python3-pytest-xdist \
	python3-scipy python3-pandas python3-matplotlib python3-nbclient python3-nbformat python3-ipykernel \
	python3-sklearn \
	r-base-core r-cran-hdf5r hdf5-tools \
	clang libclang-rt-dev

# pytest spreads test files over JOBS worker processes (pytest-xdist; a file's tests stay in one
# worker, so its module fixtures are built once); tests write only under their own tmp_path.
PYTEST_PARALLEL := -n $(JOBS) --dist loadfile

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test sanitize sanitize-build fuzz docs validate report bench sweep clean

all: build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing missing Debian packages:" $$missing; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "All required Debian packages are installed."; fi

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DASMSIM_WERROR=ON

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The main job: the baseline, each of the framework's interventions and their combination, under
# common random numbers (scenarios/experiments/framework.toml, 16 replicates each).
run: build
	@mkdir -p results
	$(ASMSIM) compare scenarios/experiments/framework.toml -o results/framework.h5 --overwrite
	$(MAKE) --no-print-directory report FILE=results/framework.h5 OUT=results/framework

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	ASMSIM_REQUIRE_R=1 ASMSIM_BIN=$(abspath $(ASMSIM)) $(PYTHON) -m pytest -q $(PYTEST_PARALLEL) tests/python

# Sanitizers and fuzzing (docs/testing.md): one clang build with AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer's coverage, in its own folder; -O1 with line tables
# only (reports name file and line) keeps its build time within CI's budget.
SANITIZE_DIR ?= build-sanitize
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := fuzz_scenario fuzz_price_csv fuzz_sweep_spec fuzz_journal fuzz_sweep_h5
export ASAN_OPTIONS := abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS := suppressions=$(abspath tests/sanitize/lsan.supp):print_suppressions=0

$(SANITIZE_DIR)/CMakeCache.txt:
	CC=clang CXX=clang++ cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=Release \
	    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -gline-tables-only -DNDEBUG" -DCMAKE_C_FLAGS_RELEASE="-O1 -gline-tables-only -DNDEBUG" \
	    -DASMSIM_SANITIZE=ON -DASMSIM_FUZZ=ON -DASMSIM_WERROR=ON

sanitize-build: deps $(SANITIZE_DIR)/CMakeCache.txt
	cmake --build $(SANITIZE_DIR) -j $(JOBS)

sanitize: sanitize-build
	cd $(SANITIZE_DIR) && ctest --output-on-failure -j $(JOBS)
	bash tests/sanitize/end_to_end.sh $(SANITIZE_DIR)
	ASMSIM_BIN=$(abspath $(SANITIZE_DIR)/bin/asmsim) $(PYTHON) -m pytest -q -p no:cacheprovider $(PYTEST_PARALLEL) \
	    -k "not fixed_seed_fuzzing_pass" \
	    tests/python/test_bad_input.py tests/python/test_foreign_files.py $(wildcard tests/python/test_crafted_files.py)
	bash tests/fuzz/run.sh $(SANITIZE_DIR) 0

fuzz: sanitize-build
	bash tests/fuzz/run.sh $(SANITIZE_DIR) $(FUZZ_SECONDS)

docs: build
	$(ASMSIM) params --format markdown -o docs/parameters.md
	$(ASMSIM) params --format toml -o scenarios/baseline.toml
	$(ASMSIM) outputs --format markdown -o docs/outputs.md

validate: build
	$(PYTHON) analysis/validate.py

# The HTML report (index.html, figures/ as PNG and PDF, tables/ as CSV) of a run, experiment or
# sweep file; needs only Python (analysis/asmsim), not the build. FIGURE_FORMAT=svg: vector figures.
FILE ?= results/baseline.h5
OUT ?= $(basename $(FILE))
FIGURE_FORMAT ?= png
report:
	PYTHONPATH=$(abspath analysis) $(PYTHON) -m asmsim report $(FILE) -o $(OUT) --overwrite --figure-format $(FIGURE_FORMAT)

bench: build
	$(ASMSIM) bench --households 100000 --months 120 --threads 1

sweep: build
	@mkdir -p results
	$(ASMSIM) sweep scenarios/sweeps/livelihood_sobol.toml -o results/livelihood_sobol.h5 $(if $(wildcard results/livelihood_sobol.h5.journal*),--resume)

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR)
