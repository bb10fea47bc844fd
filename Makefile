# Convenience targets; every one installs what it needs first through Scripts/setup.
.PHONY: setup build test demo simulate-example reference-set bench-engine bench-msl bench-physics bench-dicom bench-registration fixtures \
	install uninstall

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

# The daemon as a system service (Systemd/README.md). Paths are fixed because the unit names them; DESTDIR stages
# into another root (packaging, tests). The binary sits beside its resource bundles (msl_Pipeline.resources holds
# the shipped model) because Bundle.module looks next to the executable, which /proc/self/exe resolves through the
# /usr/local/bin symlink. An existing /etc/msl/msl.toml is never overwritten. On the live system (no DESTDIR) the
# user and folders are created at once; the service is neither enabled nor started.
MSL_LIB := $(DESTDIR)/usr/local/lib/msl
MSL_BUNDLES = $(filter-out %Tests.resources,$(wildcard .build/release/*.resources))

install: build
	install -d -m 0755 $(MSL_LIB) $(DESTDIR)/usr/local/bin $(DESTDIR)/usr/local/share/doc/msl $(DESTDIR)/etc/msl
	install -m 0755 .build/release/msl $(MSL_LIB)/msl
	for bundle in $(MSL_BUNDLES); do \
		rm -rf $(MSL_LIB)/$$(basename $$bundle) && cp -RL $$bundle $(MSL_LIB)/ && chmod -R u=rwX,go=rX $(MSL_LIB)/$$(basename $$bundle) || exit 1; \
	done
	ln -sfn ../lib/msl/msl $(DESTDIR)/usr/local/bin/msl
	install -D -m 0644 Systemd/msl.service $(DESTDIR)/etc/systemd/system/msl.service
	install -D -m 0644 Systemd/msl.sysusers.conf $(DESTDIR)/usr/lib/sysusers.d/msl.conf
	install -D -m 0644 Systemd/msl.tmpfiles.conf $(DESTDIR)/usr/lib/tmpfiles.d/msl.conf
	install -m 0644 README.md $(DESTDIR)/usr/local/share/doc/msl/README.md
	install -m 0644 Systemd/README.md $(DESTDIR)/usr/local/share/doc/msl/systemd.md
	@if [ -e $(DESTDIR)/etc/msl/msl.toml ]; then \
		echo "kept the existing $(DESTDIR)/etc/msl/msl.toml (the shipped one is Config/msl.toml)"; \
	else \
		install -m 0644 Config/msl.toml $(DESTDIR)/etc/msl/msl.toml; \
	fi
	@if [ -z "$(DESTDIR)" ]; then \
		systemd-sysusers msl.conf && systemd-tmpfiles --create msl.conf || exit 1; \
		if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
		echo "installed; start with: systemctl enable --now msl"; \
	fi

# Removes what install put outside /etc/msl and /var/lib/msl: the configuration, the user and every study,
# journal and result stay (delete them by hand). On the live system the service is stopped and disabled first.
uninstall:
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl disable --now msl.service || true; fi
	rm -f $(DESTDIR)/usr/local/bin/msl $(MSL_LIB)/msl
	rm -rf $(MSL_LIB)/*.resources $(DESTDIR)/usr/local/share/doc/msl
	-rmdir $(MSL_LIB)
	rm -f $(DESTDIR)/etc/systemd/system/msl.service $(DESTDIR)/usr/lib/sysusers.d/msl.conf \
		$(DESTDIR)/usr/lib/tmpfiles.d/msl.conf
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
	@echo "kept $(DESTDIR)/etc/msl, $(DESTDIR)/var/lib/msl and the msl user"
