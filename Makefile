# Convenience targets; every one installs what it needs first through Scripts/setup.
.PHONY: setup build test demo simulate-example reference-set bench-engine bench-msl bench-physics bench-dicom bench-registration fixtures

CRANIUM := /usr/share/doc/invesalius-examples/examples/Cranium.inv3
COLIN27 := /usr/share/mricron/templates/ch2.nii.gz

setup:
	Scripts/setup

build: setup
	swift build -c release

test: setup
	swift test

# The product's main job on a synthetic patient: a phantom CT/MR study processed with the shipped model.
# Output: out/demo/<job>/ (DICOM series, report.json, report.pdf, figures/, manifest.json).
demo: build
	.build/release/msl demo --out out/demo

# Sensor simulation on real data: an axial slice of a real head CT (InVesalius example, int16 HU,
# 256², 0.957 mm) and of the Colin27 T1 head (uint8 NIfTI-1, 181×217, 1 mm). Output: out/simulate/.
simulate-example: build
	mkdir -p out/simulate
	tar -xzOf $(CRANIUM) --wildcards '*matrix.dat' > out/simulate/head-ct.raw
	gzip -dc $(COLIN27) > out/simulate/colin27-t1.nii
	.build/release/msl simulate \
		--ct out/simulate/head-ct.raw --ct-type int16 --ct-size 256x256 --ct-slice 54 --ct-spacing 0.957 \
		--mr out/simulate/colin27-t1.nii --mr-type uint8 --mr-offset 352 --mr-size 181x217 --mr-slice 90 --mr-spacing 1 \
		--out out/simulate

# The phantom reference dataset (40/5/10 subjects, seed 2026) the shipped model trains on.
reference-set: build
	.build/release/msl dataset reference --out out/reference-set --force

# The engine benchmark on the paper preset's shapes, with PyTorch as the anchor.
bench-engine:
	Scripts/setup --bench
	swift build -c release
	.build/release/msl bench engine

# The MSL network per slice (compact and paper presets), with the PyTorch replica as the anchor.
bench-msl:
	Scripts/setup --bench
	swift build -c release
	.build/release/msl bench msl

# The physics benchmark, with scikit-image and ASTRA (pip) as references.
bench-physics:
	Scripts/setup --bench
	swift build -c release
	.build/release/msl bench physics

# DICOM series loading against dcm2niix.
bench-dicom: build
	.build/release/msl bench dicom

# Registration accuracy and time against SimpleITK (pip), on Colin27 with a known offset.
bench-registration:
	Scripts/setup --bench
	swift build -c release
	mkdir -p out/bench
	gzip -dc $(COLIN27) > out/bench/colin27-t1.nii
	.build/release/msl bench registration

# Regenerates the engine's golden test fixtures (numpy/scipy reference).
fixtures: setup
	python3 Tests/TensorTests/Fixtures/make_golden.py
