#!/usr/bin/env python3
"""The authors' FBP as ODL computes it, for `FBPMode.authors` (reference/msl-authors-code.md §2.2).

Needs ODL and ASTRA from PyPI (the authors' libraries; not Debian packages):
    python3 -m venv --system-site-packages /tmp/odl && /tmp/odl/bin/pip install odl==1.0.0 astra-toolbox==2.5.0
    /tmp/odl/bin/python ct_make_odl_fixtures.py
Made with odl 1.0.0 and astra-toolbox 2.5.0 on a CPU (`impl='astra_cpu'`: the authors ran
'astra_cuda', whose backprojector is pixel-driven; the CPU one is the transpose of ASTRA's
line projector. Both are scaled by ODL to approximate the same adjoint, so the filter step is
bit-comparable and the backprojection only close).

The geometry is the authors' scaled to a 96² grid as `FanBeamGeometry(imageWidth: 96,
imageHeight: 96, pixelSizeCM: 4·reso)` scales it: the same 14.18 cm field of view and distances
(D_so = D_dd = 1075·reso), 160 bins over 2·√(s_x² + s_y²) and 64 views at midpoints of [0, 2π).
The phantom is a water disc (μ = 0.192 cm⁻¹, radius 5 cm) with a bone-like ellipse (0.4 cm⁻¹)
and an air hole, sampled at pixel centres.

ODL maps array axis 0 to x, axis 1 to y; our `Image2D` stores row y, column x, so images are
written transposed (`a.T`) to land in our layout. Sinograms are (views, bins) in both.
Files: ct_odl_phantom.f32, ct_odl_sinogram.f32 (ODL ray transform), ct_odl_filtered.f32
(`fbp_filter_op(ray_trafo)(sinogram)`), ct_odl_fbp.f32 (`fbp_op(ray_trafo)(sinogram)`), all
little-endian float32, and the "odl" entry of ct_odl_fixtures.json.
"""
import json
import os

import astra
import numpy as np
import odl
from odl.applications import tomo

HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, array):
    np.asarray(array, dtype="<f4").tofile(os.path.join(HERE, name))


def main():
    reso = 512 / 416 * 0.03
    size, views = 96, 64
    pixel = 4 * reso
    side = size * pixel
    bins = 160
    length = 2 * np.sqrt(2 * side**2)
    distance = 1075 / 384 * side
    space = odl.uniform_discr([-side / 2] * 2, [side / 2] * 2, [size, size], dtype="float32")
    angles = odl.uniform_partition(0, 2 * np.pi, views)
    detector = odl.uniform_partition(-length / 2, length / 2, bins)
    geometry = tomo.FanBeamGeometry(angles, detector, src_radius=distance, det_radius=distance)
    ray_trafo = tomo.RayTransform(space, geometry, impl="astra_cpu")

    def phantom(p):
        x, y = p
        disc = 0.192 * (x**2 + y**2 <= 25.0)
        bone = 0.208 * (((x - 1.5) / 1.2) ** 2 + ((y + 1.0) / 2.5) ** 2 <= 1.0)
        hole = -0.192 * ((x + 2.0) ** 2 + (y - 2.0) ** 2 <= 1.0)
        return disc + bone + hole

    image = space.element(phantom)
    sinogram = ray_trafo(image)
    filtered = tomo.fbp_filter_op(ray_trafo, padding=True, filter_type="Ram-Lak", frequency_scaling=1.0)(sinogram)
    fbp = tomo.fbp_op(ray_trafo, padding=True, filter_type="Ram-Lak", frequency_scaling=1.0)(sinogram)
    save("ct_odl_phantom.f32", image.data.T)
    save("ct_odl_sinogram.f32", sinogram.data)
    save("ct_odl_filtered.f32", filtered.data)
    save("ct_odl_fbp.f32", fbp.data.T)
    values = {
        "generator": f"ct_make_odl_fixtures.py, odl {odl.__version__}, astra-toolbox {astra.__version__}, "
        f"numpy {np.__version__}, impl astra_cpu",
        "size": size, "pixelSizeCM": pixel, "views": views, "bins": bins, "detectorLengthCM": length,
        "sourceToIsocentreCM": distance, "isocentreToDetectorCM": distance,
    }
    with open(os.path.join(HERE, "ct_odl_fixtures.json"), "w") as f:
        json.dump(values, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
