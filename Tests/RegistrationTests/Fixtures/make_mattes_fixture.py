"""Independent Mattes mutual information for MattesMutualInformationTests (numpy, float64).

Run: python3 make_mattes_fixture.py  -> prints the values pasted into MattesMutualInformationTests.swift.

Fixed and moving share a 12x10x8 grid (spacing 2, 1.5, 1 mm; origin (-10, 5, 3); identity direction).
The moving image is read with trilinear interpolation at x + t for every fixed voxel centre x (dense
sampling), samples outside 0 <= n <= size-1 are dropped, and the Mattes histogram is formed as in ITK:
B bins per image, 2 padding bins each side, bin width (max - min)/(B - 4) over each whole image, fixed
window = box (bin floor(xi) clamped to [2, B-3]), moving window = cubic B-spline over the 4 bins from
clamp(floor(xi), 2, B-3) - 1. value = -sum p log(p / (pf pm)).
"""
import numpy as np

SIZE = (12, 10, 8)  # x, y, z
SPACING = np.array([2.0, 1.5, 1.0])
ORIGIN = np.array([-10.0, 5.0, 3.0])


def fixed_value(i, j, k):
    return 100 + 50 * np.sin(0.7 * i) * np.cos(0.5 * j) + 20 * k + 10 * ((7 * i + 3 * j + 5 * k) % 4)


def moving_value(i, j, k):
    return 3000 - 8 * fixed_value(i, j, k) + 15 * np.cos(0.9 * k) + 0.05 * (i - 6) ** 3


def volume(f):
    k, j, i = np.meshgrid(np.arange(SIZE[2]), np.arange(SIZE[1]), np.arange(SIZE[0]), indexing="ij")
    return f(i, j, k).astype(np.float32).astype(np.float64)  # stored as Float32, as the Swift volume


def trilinear(vol, n):
    nz, ny, nx = vol.shape
    i = np.minimum(np.floor(n[0]).astype(int), nx - 2)
    j = np.minimum(np.floor(n[1]).astype(int), ny - 2)
    k = np.minimum(np.floor(n[2]).astype(int), nz - 2)
    fx, fy, fz = n[0] - i, n[1] - j, n[2] - k
    out = 0.0
    for dz in (0, 1):
        for dy in (0, 1):
            for dx in (0, 1):
                w = (fx if dx else 1 - fx) * (fy if dy else 1 - fy) * (fz if dz else 1 - fz)
                out = out + w * vol[k + dz, j + dy, i + dx]
    return out


def bspline3(u):
    a = np.abs(u)
    return np.where(a < 1, (4 - 6 * a**2 + 3 * a**3) / 6, np.where(a < 2, (2 - a) ** 3 / 6, 0.0))


def mattes(fixed, moving, t, bins):
    k, j, i = np.meshgrid(np.arange(SIZE[2]), np.arange(SIZE[1]), np.arange(SIZE[0]), indexing="ij")
    idx = np.stack([i.ravel(), j.ravel(), k.ravel()]).astype(float)
    x = ORIGIN[:, None] + SPACING[:, None] * idx
    n = (x + np.asarray(t)[:, None] - ORIGIN[:, None]) / SPACING[:, None]
    inside = np.all((n >= 0) & (n <= (np.array(SIZE)[:, None] - 1)), axis=0)
    fv = fixed.ravel()[inside]
    mv = trilinear(moving, n[:, inside])
    fw = (fixed.max() - fixed.min()) / (bins - 4)
    mw = (moving.max() - moving.min()) / (bins - 4)
    fb = np.clip(np.floor((fv - fixed.min()) / fw + 2), 2, bins - 3).astype(int)
    xi = (mv - moving.min()) / mw + 2
    start = np.clip(np.floor(xi), 2, bins - 3).astype(int) - 1
    joint = np.zeros((bins, bins))
    for m in range(4):
        np.add.at(joint, (fb, start + m), bspline3(start + m - xi))
    p = joint / joint.sum()
    pf = p.sum(axis=1, keepdims=True)
    pm = p.sum(axis=0, keepdims=True)
    nz = p > 0
    return -np.sum(p[nz] * np.log(p[nz] / (pf * pm)[nz])), int(inside.sum())


if __name__ == "__main__":
    f = volume(fixed_value)
    m = volume(moving_value)
    for t, bins in [((0.0, 0.0, 0.0), 20), ((0.7, -0.3, 0.45), 20), ((0.7, -0.3, 0.45), 50), ((-3.1, 1.2, 0.8), 12)]:
        value, count = mattes(f, m, t, bins)
        print(f"(t: {t}, bins: {bins}, value: {value!r}, valid: {count})")
