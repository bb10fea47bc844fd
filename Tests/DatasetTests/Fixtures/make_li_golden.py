#!/usr/bin/env python3
"""Golden thresholds for DatasetTests/LiThresholdTests: scikit-image's `threshold_li` with default arguments.

Run from the repository root (numpy, scikit-image 0.26):

    python3 Tests/DatasetTests/Fixtures/make_li_golden.py

Writes `li_golden.json` next to this script: for each case its name, width, height, the pixels (row-major) and
`skimage.filters.threshold_li(image)`. Every pixel is a float32 value (what a Swift `Volume` holds) passed to
scikit-image as float64, because the authors call `threshold_li` on nibabel's `get_fdata()` (float64) slices
(reference/msl-authors-code.md §3.2 step 1); this takes scikit-image's floating-point branch. Fixed seed, so the
output is byte-identical on rerun with the same library versions.
"""
import json
import pathlib

import numpy as np
import skimage
from skimage.filters import threshold_li

HERE = pathlib.Path(__file__).resolve().parent


def as_float32_values(image):
    """float64 array whose values are exactly representable in float32."""
    return np.asarray(image, dtype=np.float32).astype(np.float64)


def head_slice(rng, width=48, height=44):
    """Air (noisy, near 0) around an ellipse head: bright scalp ring, grey brain, dark ventricles."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = ((x - 23.5) / 18.0) ** 2 + ((y - 21.0) / 15.0) ** 2
    image = np.abs(rng.normal(0.0, 8.0, size=(height, width)))
    image[r <= 1.0] = 420.0
    image[r <= 0.75] = 260.0
    image[((x - 22) / 5.0) ** 2 + ((y - 21) / 3.0) ** 2 <= 1.0] = 90.0
    image += np.where(r <= 1.0, rng.normal(0.0, 15.0, size=(height, width)), 0.0)
    return image


def cases():
    rng = np.random.default_rng(20260601)
    out = []
    out.append(("uniform_random", rng.uniform(0.0, 1.0, size=(20, 24))))
    bimodal = np.where(
        rng.uniform(size=(24, 30)) < 0.4, rng.normal(30.0, 6.0, size=(24, 30)), rng.normal(150.0, 20.0, size=(24, 30))
    )
    out.append(("bimodal", bimodal))
    out.append(("head_slice", head_slice(rng)))
    out.append(("integer_valued", rng.integers(0, 256, size=(18, 22)).astype(np.float64)))
    negatives = np.where(
        rng.uniform(size=(22, 26)) < 0.5, rng.normal(-900.0, 60.0, size=(22, 26)), rng.normal(40.0, 300.0, size=(22, 26))
    )
    out.append(("with_negatives", negatives))
    sparse = np.zeros((16, 16))
    sparse[5:8, 6:9] = rng.uniform(10.0, 20.0, size=(3, 3))
    out.append(("mostly_zero", sparse))  # background mode is a single value: the mean_back == 0 stop
    out.append(("two_values", np.where(rng.uniform(size=(12, 10)) < 0.3, 7.0, 3.0)))
    out.append(("constant", np.full((8, 9), 5.5)))
    return out


def main():
    entries = []
    for name, image in cases():
        image = as_float32_values(image)
        threshold = float(threshold_li(image.copy()))
        entries.append(
            {
                "name": name,
                "width": int(image.shape[1]),
                "height": int(image.shape[0]),
                "pixels": [float(v) for v in image.ravel()],
                "threshold": threshold,
            }
        )
    document = {
        "generator": "make_li_golden.py",
        "versions": {"numpy": np.__version__, "scikit-image": skimage.__version__},
        "function": "skimage.filters.threshold_li(image) on float64 copies of float32 pixels",
        "cases": entries,
    }
    # One case per line: readable diffs without one line per pixel.
    cases_text = ",\n  ".join(json.dumps(entry) for entry in document.pop("cases"))
    head = json.dumps(document, indent=1)[:-2]
    (HERE / "li_golden.json").write_text(head + ',\n "cases": [\n  ' + cases_text + "\n ]\n}\n")


if __name__ == "__main__":
    main()
