#!/usr/bin/env python3
"""Golden masks for DatasetTests/HoleFillingTests: scipy's `ndimage.binary_fill_holes` with the default structure.

Run from the repository root (numpy, scipy 1.17):

    python3 Tests/DatasetTests/Fixtures/make_fill_holes_golden.py

Writes `fill_holes_golden.json` next to this script: for each case its name, width, height, the input mask and
`scipy.ndimage.binary_fill_holes(mask)` as row-major 0/1 lists. The default structure in 2-D is the cross
(connectivity 1), so background is invaded from the border through 4-neighbours; diagonal gaps do not leak.
Fixed seed: rerunning with the same library versions gives the same bytes.
"""
import json
import pathlib

import numpy as np
import scipy
from scipy import ndimage

HERE = pathlib.Path(__file__).resolve().parent


def cases():
    rng = np.random.default_rng(20260602)
    out = []
    for i, density in enumerate([0.45, 0.55, 0.65]):
        out.append((f"random_{i}", rng.uniform(size=(16, 20)) < density))
    ring = np.zeros((11, 13), bool)
    ring[2:9, 3:10] = True
    ring[4:7, 5:8] = False  # a 3×3 hole
    out.append(("square_ring", ring))
    open_ring = ring.copy()
    open_ring[5, 3:5] = False  # a 4-connected gap through the ring: the hole leaks out and stays empty
    out.append(("ring_with_gap", open_ring))
    diagonal = np.zeros((7, 7), bool)
    diagonal[1:6, 1:6] = True
    diagonal[2:5, 2:5] = False
    diagonal[1, 1] = False  # outside pixel touching the hole pixel (2, 2) only diagonally: still a hole
    out.append(("diagonal_contact", diagonal))
    nested = np.zeros((15, 15), bool)
    nested[1:14, 1:14] = True
    nested[3:12, 3:12] = False
    nested[5:10, 5:10] = True
    nested[7, 7] = False
    out.append(("nested_rings", nested))
    border = np.zeros((9, 9), bool)
    border[0:5, 0:5] = True
    border[0, 2] = False  # background on the image border: not a hole
    border[2, 2] = False  # enclosed: a hole
    out.append(("touching_border", border))
    out.append(("all_false", np.zeros((4, 5), bool)))
    out.append(("all_true", np.ones((4, 5), bool)))
    return out


def main():
    entries = []
    for name, mask in cases():
        filled = ndimage.binary_fill_holes(mask)
        entries.append(
            {
                "name": name,
                "width": int(mask.shape[1]),
                "height": int(mask.shape[0]),
                "mask": [int(v) for v in mask.ravel()],
                "filled": [int(v) for v in filled.ravel()],
            }
        )
    document = {
        "generator": "make_fill_holes_golden.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
        "function": "scipy.ndimage.binary_fill_holes(mask) with the default structure",
        "cases": entries,
    }
    # One case per line: readable diffs without one line per pixel.
    cases_text = ",\n  ".join(json.dumps(entry) for entry in document.pop("cases"))
    head = json.dumps(document, indent=1)[:-2]
    (HERE / "fill_holes_golden.json").write_text(head + ',\n "cases": [\n  ' + cases_text + "\n ]\n}\n")


if __name__ == "__main__":
    main()
