#!/usr/bin/env python3
"""Golden values for ImagingTests: metrics (scikit-image, numpy) and resampling (scipy).

Run from the repository root with Debian's python (python3-skimage, python3-scipy, python3-numpy):

    /usr/bin/python3 Tests/ImagingTests/Fixtures/make_metric_fixtures.py

Writes into this folder:
  *.bin                    raw little-endian float32, row-major (height rows of width values)
  metric_fixtures.json     shapes, file names, expected scalars and the library versions used

Images are 48 wide x 40 high, float32 in [0, 1], fixed seed. Every reference is computed in float64
from the float32 pixels (exactly what the Swift code reads):
  SSIM   skimage.metrics.structural_similarity(x, y, data_range=1, gaussian_weights=True, sigma=1.5,
         use_sample_covariance=False); masked: mean of crop(S, 5)[crop(mask, 5)]
  PSNR   skimage.metrics.peak_signal_noise_ratio(x, y, data_range=1)
  MAE    mean |x - y|
  MI     numpy.histogram2d (bins 256 and 32 over each image's [min, max]; 64 over a fixed [0, 1] after
         clipping), MI = sum p ln(p / (px py)) in nats, NMI = (H(A) + H(B)) / H(A, B)
  Resampling of `base` (spacing 0.9 x 1.1 mm, origin (-20, -15)) onto a 36 x 44 grid (spacing
         1.2 x 0.8 mm, origin (-18, -14)) under y = R_z(10 deg)(x - c) + c + t, c = (2, 1), t = (1.5, -0.7):
         scipy.ndimage.map_coordinates(order=3, mode='mirror') and (order=1, mode='nearest'),
         fill -1 where the continuous index is outside [-0.5, size - 0.5).
"""
import json
import pathlib

import numpy as np
import scipy
import scipy.ndimage as ndi
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity
from skimage.util import crop

HERE = pathlib.Path(__file__).resolve().parent
WIDTH, HEIGHT = 48, 40


def save(name, image):
    image = np.ascontiguousarray(image, dtype="<f4")
    assert image.ndim == 2
    (HERE / f"{name}.bin").write_bytes(image.tobytes())
    return {"file": f"{name}.bin", "width": int(image.shape[1]), "height": int(image.shape[0])}


def make_images(rng):
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float64)
    smooth = (
        0.55 * np.exp(-((x - 15) ** 2 + (y - 14) ** 2) / (2 * 7.0**2))
        + 0.35 * np.exp(-((x - 33) ** 2 + (y - 26) ** 2) / (2 * 5.0**2))
        + 0.10 * np.sin(x / 5.0) * np.cos(y / 7.0)
    )
    base = 0.05 + 0.9 * (smooth - smooth.min()) / (smooth.max() - smooth.min())
    noisy = np.clip(base + rng.normal(0, 0.04, base.shape), 0, 1)
    shifted = np.clip(np.roll(base, (2, 3), axis=(0, 1)) + rng.normal(0, 0.02, base.shape), 0, 1)
    inverted = 1 - base
    mask = ((x - 24) / 18) ** 2 + ((y - 20) / 14) ** 2 <= 1
    as32 = lambda a: a.astype(np.float32)
    return {"base": as32(base), "noisy": as32(noisy), "shifted": as32(shifted), "inverted": as32(inverted),
            "mask": as32(mask)}


def entropies(a, b, bins, value_range=None):
    joint, _, _ = np.histogram2d(a.ravel(), b.ravel(), bins=bins, range=value_range)
    p = joint / joint.sum()
    pa, pb = p.sum(axis=1), p.sum(axis=0)
    h = lambda q: float(-np.sum(q[q > 0] * np.log(q[q > 0])))
    nz = p > 0
    mi = float(np.sum(p[nz] * np.log(p[nz] / np.outer(pa, pb)[nz])))
    return mi, (h(pa) + h(pb)) / h(p)


def metrics(x, y, mask=None):
    x, y = x.astype(np.float64), y.astype(np.float64)
    out = {}
    if mask is None:
        out["ssim"] = float(structural_similarity(
            x, y, data_range=1, gaussian_weights=True, sigma=1.5, use_sample_covariance=False))
        out["psnr"] = float(peak_signal_noise_ratio(x, y, data_range=1))
        out["mae"] = float(np.mean(np.abs(x - y)))
        out["mi_256"], out["nmi_256"] = entropies(x, y, 256)
        out["mi_32"], out["nmi_32"] = entropies(x, y, 32)
        out["mi_fixed_64"], out["nmi_fixed_64"] = entropies(
            np.clip(x, 0, 1), np.clip(y, 0, 1), 64, [[0, 1], [0, 1]])
    else:
        _, s = structural_similarity(x, y, data_range=1, gaussian_weights=True, sigma=1.5,
                                     use_sample_covariance=False, full=True)
        out["ssim"] = float(crop(s, 5)[crop(mask, 5)].mean())
        out["psnr"] = float(peak_signal_noise_ratio(x[mask], y[mask], data_range=1))
        out["mae"] = float(np.mean(np.abs(x[mask] - y[mask])))
        out["mi_256"], out["nmi_256"] = entropies(x[mask], y[mask], 256)
    return out


def resampling(moving):
    spacing_m, origin_m = np.array([0.9, 1.1]), np.array([-20.0, -15.0])
    size_f, spacing_f, origin_f = (36, 44), np.array([1.2, 0.8]), np.array([-18.0, -14.0])
    angle, center, translation = np.deg2rad(10.0), np.array([2.0, 1.0]), np.array([1.5, -0.7])
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    j, i = np.mgrid[0:size_f[1], 0:size_f[0]].astype(np.float64)
    points = np.stack([origin_f[0] + i * spacing_f[0], origin_f[1] + j * spacing_f[1]])
    mapped = np.einsum("ab,bij->aij", rotation, points - center[:, None, None]) \
        + (center + translation)[:, None, None]
    ci = (mapped - origin_m[:, None, None]) / spacing_m[:, None, None]
    inside = (ci[0] >= -0.5) & (ci[0] < WIDTH - 0.5) & (ci[1] >= -0.5) & (ci[1] < HEIGHT - 0.5)
    coords = np.stack([ci[1], ci[0]])  # map_coordinates wants (row, column)
    moving = moving.astype(np.float64)
    cubic = ndi.map_coordinates(moving, coords, order=3, mode="mirror", prefilter=True)
    linear = ndi.map_coordinates(moving, coords, order=1, mode="nearest")
    fill = -1.0
    return {
        "moving": "base", "moving_spacing_mm": spacing_m.tolist(), "moving_origin_mm": origin_m.tolist(),
        "fixed_width": size_f[0], "fixed_height": size_f[1], "fixed_spacing_mm": spacing_f.tolist(),
        "fixed_origin_mm": origin_f.tolist(), "angle_z_degrees": 10.0, "center_mm": center.tolist(),
        "translation_mm": translation.tolist(), "fill": fill, "inside_count": int(inside.sum()),
        "cubic_bspline": save("resample_cubic", np.where(inside, cubic, fill)),
        "linear": save("resample_linear", np.where(inside, linear, fill)),
    }


def main():
    images = make_images(np.random.default_rng(20240607))
    mask = images["mask"] > 0.5
    doc = {
        "generator": "Tests/ImagingTests/Fixtures/make_metric_fixtures.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-image": skimage.__version__},
        "images": {name: save(name, image) for name, image in images.items()},
        "metrics": {
            name: {"reference": "base", "test": name, **metrics(images["base"], images[name])}
            for name in ("noisy", "shifted", "inverted")
        },
        "resampling": resampling(images["base"]),
    }
    doc["metrics"]["noisy_masked"] = {"reference": "base", "test": "noisy", "mask": "mask",
                                      **metrics(images["base"], images["noisy"], mask)}
    (HERE / "metric_fixtures.json").write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
