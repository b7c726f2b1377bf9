# consentry: `make demo` builds the package and serves the demo; `make test` runs every test.
# Each target installs what it needs (scripts/setup.sh). See HACKING.md for the pipeline.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

WASM_RAW := target/wasm32-unknown-unknown/release/consentry.wasm
GLUE_DIR := target/wasm-bindgen
# Reset-state: api.js restarts the instance after a trap with it (ARCHITECTURE.md, invariants).
BINDGEN_FLAGS := --target web --omit-default-module-path --weak-refs --experimental-reset-state-function
FORMS_SIZE := --config 'profile.release.package.consentry.opt-level="z"' \
  --config 'profile.release.package.regex-lite.opt-level="z"'

.PHONY: all setup setup-test build pack demo test test-rust test-wasm test-js test-demo lint bench model check-model fuzz clean fixtures

all: build

setup:
	scripts/setup.sh build

setup-test:
	scripts/setup.sh test

## build: cargo (wasm32, release) -> wasm-bindgen --target web -> wasm-opt -Oz -> pkg/
## Two modules: the full API (our code at opt-level 3: speed for servers and edges), and
## `forms` (phone, email, consent; everything at opt-level "z": size for sign-up pages).
build: setup
	cargo build --release --target wasm32-unknown-unknown --lib
	rm -rf $(GLUE_DIR)
	wasm-bindgen $(BINDGEN_FLAGS) --out-dir $(GLUE_DIR) $(WASM_RAW)
	wasm-opt -Oz $(GLUE_DIR)/consentry_bg.wasm -o $(GLUE_DIR)/consentry_bg.opt.wasm
	CARGO_TARGET_DIR=target/forms cargo build --release --target wasm32-unknown-unknown --lib \
	  --no-default-features $(FORMS_SIZE)
	rm -rf $(GLUE_DIR)-forms
	wasm-bindgen $(BINDGEN_FLAGS) --out-dir $(GLUE_DIR)-forms \
	  target/forms/wasm32-unknown-unknown/release/consentry.wasm
	wasm-opt -Oz $(GLUE_DIR)-forms/consentry_bg.wasm -o $(GLUE_DIR)-forms/consentry_bg.opt.wasm
	node scripts/build-pkg.mjs

## pack: the npm tarball the JS tests install, in target/pack/
pack: build
	rm -rf target/pack && mkdir -p target/pack
	cd pkg && npm pack --silent --pack-destination ../target/pack >/dev/null
	ls target/pack/*.tgz

demo: build
	node scripts/serve.mjs

lint: setup
	cargo fmt --all --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings

## fixtures: real raw emails for the email checks, fetched from PyPI (never vendored)
fixtures:
	node scripts/fetch-email-fixtures.mjs

test-rust: fixtures check-model
	cargo test

test-wasm: setup
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  cargo test --target wasm32-unknown-unknown --test wasm

test-js: setup-test fixtures pack
	cargo build --release --bin consentry
	node --test --test-concurrency=1 tests/js/

test: lint test-rust test-wasm test-js
	@echo "make test: all passed"

## bench: every benchmark; each prints its figures as ratios against anchors measured in the same run
# Benches build the library with unwinding; in their own target dir and with the release
# profile set to unwind, the CLI they build alongside does not collide with target/release.
BENCH_ENV := CARGO_PROFILE_RELEASE_PANIC=unwind CARGO_TARGET_DIR=target/bench

bench: build
	cargo build --release --bin consentry
	$(BENCH_ENV) cargo bench --bench filter
	$(BENCH_ENV) cargo bench --bench keywords
	node bench/phone.mjs
	node bench/filter.mjs
	node bench/filter-cli.mjs
	node bench/keywords.mjs
	node bench/messages.mjs
	node bench/demo.mjs

## model: retrain the outbound classifier from the shared corpora (weights and REPORT.md in data/model/)
model:
	cargo run --release --example train_model

## check-model: the committed weights and report are what `make model` gives on this tree
## (a change to the signals the model reads must retrain it). Part of test.
check-model:
	rm -rf target/model-check && mkdir -p target/model-check
	MODEL_OUT=target/model-check cargo run --release --quiet --example train_model >/dev/null
	cmp data/model/outbound_model.bin target/model-check/outbound_model.bin || \
	  { echo "data/model is stale: run make model and commit it"; exit 1; }
	diff -u data/model/REPORT.md target/model-check/REPORT.md || \
	  { echo "data/model/REPORT.md is stale: run make model and commit it"; exit 1; }

## fuzz: coverage-guided fuzzing of the text entry points and the filter reader (nightly,
## cargo-fuzz); FUZZ_SECONDS per target. Findings land in fuzz/artifacts/. Not part of test.
FUZZ_SECONDS ?= 300
fuzz: setup
	cargo build --release --bin consentry
	node scripts/fuzz-seeds.mjs
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
	rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
	cd fuzz && cargo +nightly fuzz run -O text corpus/text -- -max_len=4096 -timeout=5 -max_total_time=$(FUZZ_SECONDS)
	cd fuzz && cargo +nightly fuzz run -O filter corpus/filter -- -max_len=8192 -timeout=5 -max_total_time=$(FUZZ_SECONDS)

clean:
	cargo clean
	rm -rf pkg target/pack node_modules
