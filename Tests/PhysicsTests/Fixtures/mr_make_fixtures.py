#!/usr/bin/env python3
"""Golden values for the MR physics and FFT tests (numpy only, float64 then stored as float32).

Run from this folder: `python3 mr_make_fixtures.py`. Writes raw little-endian float32 arrays
`mr_*.f32` (complex arrays interleave real, imaginary; row-major, numpy shape (height, width)) and
`mr_fixtures.json` (sizes, masks as sampled column lists, numpy RandomState draws).

Masks follow the authors' `MaskFunc_Cartesian` (processing_data.py L32-101, the fastMRI
`RandomMaskFunc`) and fastMRI v0.1 `EquispacedMaskFunc`; the forward model follows
processing_data.py L104-124 (fft2, fftshift, mask along axis 1; ifftshift, ifft2, magnitude).
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, array):
    array = np.asarray(array)
    if np.iscomplexobj(array):
        array = np.stack([array.real, array.imag], axis=-1)
    array.astype("<f4").tofile(os.path.join(HERE, name))


def authors_mask(num_cols, center_fraction, acceleration, seed):
    """MaskFunc_Cartesian / fastMRI RandomMaskFunc with one (fraction, acceleration) pair."""
    rng = np.random.RandomState(seed)
    rng.randint(0, 1)  # choose_acceleration: consumes no random numbers
    num_low = int(round(num_cols * center_fraction))
    prob = (num_cols / acceleration - num_low) / (num_cols - num_low)
    mask = rng.uniform(size=num_cols) < prob
    pad = (num_cols - num_low + 1) // 2
    mask[pad:pad + num_low] = True
    return mask


def equispaced_mask(num_cols, center_fraction, acceleration, seed):
    """fastMRI v0.1 EquispacedMaskFunc (fastmri/data/subsample.py)."""
    rng = np.random.RandomState(seed)
    rng.randint(0, 1)
    num_low = int(round(num_cols * center_fraction))
    mask = np.zeros(num_cols, dtype=bool)
    pad = (num_cols - num_low + 1) // 2
    mask[pad:pad + num_low] = True
    adjusted = (acceleration * (num_low - num_cols)) / (num_low * acceleration - num_cols)
    offset = rng.randint(0, round(adjusted))
    samples = np.around(np.arange(offset, num_cols - 1, adjusted)).astype(np.uint)
    mask[samples] = True
    return mask


def columns(mask):
    return [int(i) for i in np.flatnonzero(mask)]


def main():
    source = np.random.RandomState(2024)

    # fft2 / ifft2 on a 12 (wide) x 10 (high) image.
    image = source.random_sample((10, 12))
    save("mr_fft_input.f32", image)
    save("mr_fft2.f32", np.fft.fft2(image))
    spectrum = source.standard_normal((10, 12)) + 1j * source.standard_normal((10, 12))
    save("mr_ifft_input.f32", spectrum)
    save("mr_ifft2.f32", np.fft.ifft2(spectrum))

    # The authors' zero-filled reconstruction of a 24 (wide) x 20 (high) image.
    mr_image = source.random_sample((20, 24))
    mask = authors_mask(24, 0.1, 4, 1337)
    kspace = np.fft.fftshift(np.fft.fft2(mr_image)) * mask[None, :]
    save("mr_zf_input.f32", mr_image)
    save("mr_zf_kspace.f32", kspace)
    save("mr_zf_image.f32", np.abs(np.fft.ifft2(np.fft.ifftshift(kspace))))

    # The same with complex Gaussian noise: sigma per component on sampled entries, drawn in
    # row-major order of the sampled entries, real then imaginary.
    sigma, noise_seed = 0.5, 7
    sampled = np.broadcast_to(mask[None, :], kspace.shape)
    draws = np.random.RandomState(noise_seed).standard_normal((int(sampled.sum()), 2)) * sigma
    noisy = kspace.copy()
    noisy[sampled] += draws[:, 0] + 1j * draws[:, 1]
    save("mr_zf_noisy_image.f32", np.abs(np.fft.ifft2(np.fft.ifftshift(noisy))))

    state = np.random.RandomState(1337)
    integers = [int(state.randint(0, k)) for k in (2, 3, 5, 7, 100, 1000, 65536)]
    fixtures = {
        "fft": {"width": 12, "height": 10},
        "zeroFilled": {
            "width": 24, "height": 20, "centerFraction": 0.1, "acceleration": 4, "seed": 1337,
            "columns": columns(mask), "noiseSigma": sigma, "noiseSeed": noise_seed,
        },
        "randomState1337": {
            "randomSample": [float(v) for v in np.random.RandomState(1337).random_sample(5)],
            "standardNormal": [float(v) for v in np.random.RandomState(1337).standard_normal(7)],
            "randintBounds": [2, 3, 5, 7, 100, 1000, 65536],
            "randint": integers,
        },
        "authorsMasks": [
            {"columnCount": n, "centerFraction": f, "acceleration": a, "seed": s,
             "columns": columns(authors_mask(n, f, a, s))}
            for (n, f, a, s) in [(384, 0.1, 4, 1337), (24, 0.1, 4, 1337), (320, 0.08, 4, 42), (320, 0.04, 8, 42)]
        ],
        "equispacedMasks": [
            {"columnCount": n, "centerFraction": f, "acceleration": a, "seed": s,
             "columns": columns(equispaced_mask(n, f, a, s))}
            for (n, f, a, s) in [(384, 0.08, 4, 1337), (384, 0.04, 8, 1337), (24, 0.1, 4, 1337), (320, 0.04, 16, 5)]
        ],
    }
    with open(os.path.join(HERE, "mr_fixtures.json"), "w") as f:
        json.dump(fixtures, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
