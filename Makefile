# Convenience targets; every one installs what it needs first through Scripts/setup.
.PHONY: setup build test bench-engine fixtures

setup:
	Scripts/setup

build: setup
	swift build -c release

test: setup
	swift test

# The engine benchmark on the paper preset's shapes, with PyTorch as the anchor (installs python3-torch).
bench-engine:
	Scripts/setup --bench
	swift build -c release
	.build/release/msl bench engine

# Regenerates the golden test fixtures (numpy/scipy reference; PyTorch for the optimiser fixture).
fixtures: setup
	python3 Tests/TensorTests/Fixtures/make_golden.py
