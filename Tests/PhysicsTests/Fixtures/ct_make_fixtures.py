#!/usr/bin/python3
"""Golden values for the CT tests from scikit-image and numpy (Debian python3-skimage 0.19.3,
python3-numpy). Run from anywhere with Debian's interpreter: `/usr/bin/python3 ct_make_fixtures.py`.

Writes raw little-endian float32 arrays `ct_*.f32` (row-major; sinograms are views × bins, images
rows × columns, i.e. exactly the `Image2D.pixels` layout) and `ct_fixtures.json` (sizes, angles,
noise parameters, integer Poisson draws).

1. Parallel-beam FBP against `skimage.transform.iradon` (filter 'ramp', linear interpolation,
   circle=True). Conventions needed to compare with `FilteredBackProjection(geometry:
   ParallelBeamGeometry)`:
   - skimage works in pixel units: use a geometry with pixelSizeCM = 1, N = 65 bins of one pixel
     (detectorLengthCM = 65) over an angular range of π;
   - skimage rotates about pixel index n//2 and puts detector coordinate 0 at bin n//2; for odd n
     that is the grid centre (n − 1)/2, which is our isocentre, hence an odd size (65);
   - skimage's backprojection reads bin t = x·cos θ_sk − y·sin θ_sk (x along columns, y down the
     rows), ours s = x·cos θ + y·sin θ, so θ = −θ_sk; our views are at θ_k = (k + ½)·π/V, so
     θ_sk = −(k + ½)·180/V degrees;
   - iradon returns (π/(2V))·Σ_k interp(filtered_k) with the ramp 2|ν| (cycles/pixel), the same
     as Σ_k Δθ·q_k with q = ramp |ξ|/(2π), i.e. our scaling.
   The phantom is zero outside the inscribed circle (skimage's circle=True), and its sinogram is
   skimage's `radon` (bilinear rotation then column sums), so `ct_parallel_radon` also lets the
   test compare our Joseph projector with skimage's loosely.
2. Poisson and electronic noise as numpy's legacy RandomState draws them: counts =
   rs.poisson(I0·exp(−p)), then counts += rs.normal(0, σ_e, shape), p̃ = −ln(max(counts, 1)/I0).
"""
import json
import os

import numpy as np
import skimage
from skimage.transform import iradon, radon

HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, array):
    np.asarray(array, dtype="<f4").tofile(os.path.join(HERE, name))


def parallel_fixture():
    n, views = 65, 60
    centre = (n - 1) / 2
    y, x = np.mgrid[:n, :n] - centre  # y down the rows, x along columns, pixel units
    image = np.zeros((n, n))
    # Ellipses (value, a, b, x0, y0, angle in degrees), all inside radius 30 of the centre.
    for value, a, b, x0, y0, angle in [
        (1.0, 26, 22, 0, 0, 0),
        (-0.5, 9, 5, -8, 4, 30),
        (0.8, 4, 4, 10, -6, 0),
        (0.4, 6, 3, 5, 12, -20),
    ]:
        phi = np.deg2rad(angle)
        xr = (x - x0) * np.cos(phi) + (y - y0) * np.sin(phi)
        yr = -(x - x0) * np.sin(phi) + (y - y0) * np.cos(phi)
        image[(xr / a) ** 2 + (yr / b) ** 2 <= 1] += value
    theta = -(np.arange(views) + 0.5) * 180.0 / views
    sinogram = radon(image, theta=theta, circle=True)  # shape (n bins, views)
    reconstruction = iradon(sinogram, theta=theta, filter_name="ramp", interpolation="linear", circle=True)
    save("ct_parallel_image.f32", image)
    save("ct_parallel_radon.f32", sinogram.T)  # views × bins
    save("ct_parallel_iradon.f32", reconstruction)
    return {"size": n, "views": views, "thetaDegrees": theta.tolist()}


def noise_fixture():
    views, bins, photons, sigma, seed = 6, 20, 1.0e4, 5.0, 1234
    p = np.linspace(0.0, 8.0, views * bins).reshape(views, bins).astype(np.float32)
    rs = np.random.RandomState(seed)
    counts = rs.poisson(photons * np.exp(-p.astype(np.float64))).astype(np.float64)
    poisson = counts.astype(np.int64).ravel().tolist()
    counts += rs.normal(0.0, sigma, p.shape)
    noisy = -np.log(np.maximum(counts, 1.0) / photons)
    save("ct_noise_clean.f32", p)
    save("ct_noise_noisy.f32", noisy)
    # Poisson draws alone, from a fresh stream, for means on both sides of the method switch at 10.
    means = [0.5, 3.0, 9.99, 10.0, 47.5, 1.0e3, 2.5e5]
    rs = np.random.RandomState(seed)
    draws = [int(v) for v in rs.poisson(np.repeat(means, 5))]
    return {
        "views": views, "bins": bins, "blankScanPhotons": photons, "electronicNoiseCounts": sigma,
        "seed": seed, "poissonCounts": poisson, "poissonMeans": np.repeat(means, 5).tolist(),
        "poissonDraws": draws,
    }


def main():
    values = {
        "generator": f"ct_make_fixtures.py, numpy {np.__version__}, scikit-image {skimage.__version__}",
        "parallel": parallel_fixture(),
        "noise": noise_fixture(),
    }
    with open(os.path.join(HERE, "ct_fixtures.json"), "w") as f:
        json.dump(values, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
