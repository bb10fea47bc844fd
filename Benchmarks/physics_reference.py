"""Reference timings for `msl bench physics`: scikit-image and ASTRA (CPU) on the same task.

Times, on a 384×384 Shepp-Logan phantom, parallel-beam forward projection and filtered
back-projection (ramp filter) at 64 and 720 views over [0, π):
  - scikit-image `radon` / `iradon` (pure numpy, single-threaded);
  - ASTRA Toolbox CPU: `create_sino` with the 'linear' projector, and the 'FBP' algorithm
    (ram-lak), detector of ceil(384·√2) bins of one pixel (the image diagonal).
Each is the median of `--repeats` runs after one warm-up. A library that is missing is
reported in "skipped" and its rows are left out; with neither present the script exits 3.

Usage: python3 Benchmarks/physics_reference.py [--threads 2] [--repeats 3]
Prints one JSON object on stdout:
  {"versions": {...}, "threads": N, "results": [{"name": ..., "seconds": ...}, ...],
   "skipped": ["astra: ...", ...]}
Row names: skimage_radon_<views>, skimage_iradon_<views>, astra_forward_<views>, astra_fbp_<views>.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time


def median_seconds(function, repeats):
    function()  # warm-up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def phantom(size):
    from skimage.data import shepp_logan_phantom
    from skimage.transform import resize

    return resize(shepp_logan_phantom(), (size, size), anti_aliasing=False).astype("float32")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--size", type=int, default=384)
    args = parser.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(args.threads)

    import numpy as np

    results, skipped, versions = [], [], {"numpy": np.__version__}
    size = args.size
    try:
        import skimage
        from skimage.transform import iradon, radon

        versions["scikit-image"] = skimage.__version__
        image = phantom(size)
        for views in (64, 720):
            theta = (np.arange(views) + 0.5) * 180.0 / views
            sinogram = radon(image, theta=theta, circle=False)
            results.append({"name": f"skimage_radon_{views}",
                            "seconds": median_seconds(lambda: radon(image, theta=theta, circle=False), args.repeats)})
            results.append({"name": f"skimage_iradon_{views}",
                            "seconds": median_seconds(lambda: iradon(sinogram, theta=theta, circle=False,
                                                                     filter_name="ramp", output_size=size),
                                                      args.repeats)})
    except ImportError as error:
        skipped.append(f"scikit-image: {error} (Debian python3-skimage or pip install scikit-image)")
        image = np.zeros((size, size), np.float32)
        image[size // 4: 3 * size // 4, size // 4: 3 * size // 4] = 1

    try:
        import astra

        versions["astra-toolbox"] = astra.__version__
        bins = math.ceil(size * math.sqrt(2))
        volume = astra.create_vol_geom(size, size)
        for views in (64, 720):
            angles = (np.arange(views) + 0.5) * np.pi / views
            projection = astra.create_proj_geom("parallel", 1.0, bins, angles)
            projector = astra.create_projector("linear", projection, volume)
            sinogram_id, sinogram = astra.create_sino(image, projector)
            astra.data2d.delete(sinogram_id)

            def forward():
                identifier, _ = astra.create_sino(image, projector)
                astra.data2d.delete(identifier)

            def fbp():
                sino_id = astra.data2d.create("-sino", projection, sinogram)
                rec_id = astra.data2d.create("-vol", volume)
                config = astra.astra_dict("FBP")
                config["ProjectorId"] = projector
                config["ProjectionDataId"] = sino_id
                config["ReconstructionDataId"] = rec_id
                config["FilterType"] = "ram-lak"
                algorithm = astra.algorithm.create(config)
                astra.algorithm.run(algorithm)
                astra.algorithm.delete(algorithm)
                astra.data2d.delete([sino_id, rec_id])

            results.append({"name": f"astra_forward_{views}", "seconds": median_seconds(forward, args.repeats)})
            results.append({"name": f"astra_fbp_{views}", "seconds": median_seconds(fbp, args.repeats)})
            astra.projector.delete(projector)
    except ImportError as error:
        skipped.append(f"astra: {error} (pip install astra-toolbox)")

    if not results:
        print("physics_reference.py: neither scikit-image nor astra-toolbox is installed; reference skipped",
              file=sys.stderr)
        sys.exit(3)
    print(json.dumps({"versions": versions, "threads": args.threads, "results": results, "skipped": skipped},
                     indent=1))


if __name__ == "__main__":
    main()
