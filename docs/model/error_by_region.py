#!/usr/bin/python3
"""Where the shipped model's MSL-CT error lies, next to the sparse-view FBP's: writes error-by-region.md.

Why: on the test split MSL-CT beats the 64-view FBP on MAE and SSIM but not on PSNR. PSNR is set by the
squared error, so this splits each image's squared error by tissue region to show where the difference is.

For evenly spaced slices of every test subject of the reference set:
1. the sparse inputs are simulated with `msl simulate` (64-view fan-beam FBP, 4x authors' mask; the
   defaults training and evaluation use), on the 2 mm model grid;
2. MSL-CT (lambda 0) comes from the independent PyTorch reference of the network
   (Tests/MSLModelTests/Fixtures/msl_reference.py) loaded with the shipped weights by their key names,
   so this check does not run msl's own engine;
3. the regions are taken from the full-data CT x (network scale [0, 1]):
   edges     |grad x| > 0.05 per pixel (central differences): skull and skin boundaries;
   bone      x > 0.5 (HU above about 560), and its interior (bone eroded by one pixel);
   soft      0.25 < x < 0.5 away from edges (brain, scalp);
   air       x < 0.1.

Run from the repository root with Debian's python3-torch, numpy and scipy, after `make reference-set` and a
release build:  /usr/bin/python3 docs/model/error_by_region.py
"""

import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch
from scipy import ndimage

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tests/MSLModelTests/Fixtures"))
import msl_reference  # noqa: E402

DATASET = os.path.join(ROOT, "out/reference-set")
MODEL = os.path.join(ROOT, "Sources/Pipeline/Model/msl-compact")
MSL = os.path.join(ROOT, ".build/release/msl")
SLICES_PER_SUBJECT = 6
OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "error-by-region.md")


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", name
        a, b = entry["data_offsets"]
        tensors[name] = np.frombuffer(raw[8 + n + a:8 + n + b], dtype="<f4").reshape(entry["shape"])
    return tensors


def load_network():
    c = json.load(open(MODEL + ".json"))["configuration"]
    config = dict(input_size=c["inputSize"], base_channels=c["baseChannels"], downsamplings=c["downsamplings"],
                  patch_size=c["patchSize"], model_dim=c["modelDimension"], depth=c["depth"], heads=c["heads"],
                  head_dim=c["headDimension"], mlp_dim=c["mlpDimension"], latent_dim=c["latentDimension"],
                  dropout=c["dropout"], encoder_res_blocks=c["encoderResidualBlocks"])
    net = msl_reference.MSLNet(config)
    weights = {k: torch.from_numpy(v.copy()) for k, v in read_safetensors(MODEL + ".safetensors").items()}
    net.load_state_dict(weights, strict=True)
    return net.eval(), c["inputSize"]


def sparse_inputs(ct, mr, folder, spacing_mm):
    """msl simulate on one slice: the CT goes in as HU (the inverse of the dataset's network scale)."""
    hu = (ct * 0.6 / 0.192 - 1) * 1000
    hu.astype("<f4").tofile(os.path.join(folder, "ct.f32"))
    mr.astype("<f4").tofile(os.path.join(folder, "mr.f32"))
    subprocess.run([MSL, "simulate", "--ct", os.path.join(folder, "ct.f32"), "--mr", os.path.join(folder, "mr.f32"),
                    "--ct-spacing", str(spacing_mm), "--mr-spacing", str(spacing_mm), "--out", folder],
                   check=True, capture_output=True)
    n = ct.shape[0]
    fbp = np.fromfile(os.path.join(folder, "ct_fbp.f32"), dtype="<f4").reshape(n, n)
    zero_filled = np.fromfile(os.path.join(folder, "mr_zero_filled.f32"), dtype="<f4").reshape(n, n)
    return np.clip(fbp, 0, 0.6) / 0.6, zero_filled


def regions(truth):
    gy, gx = np.gradient(truth)
    edges = np.hypot(gx, gy) > 0.05
    bone = truth > 0.5
    return dict(edges=edges, bone=bone, bone_interior=ndimage.binary_erosion(bone),
                soft=(truth > 0.25) & (truth < 0.5) & ~edges, air=truth < 0.1)


def measure(image, truth, r):
    e = image - truth
    se = e ** 2
    return dict(mse=se.mean(), psnr=-10 * np.log10(se.mean()), edge_share=se[r["edges"]].sum() / se.sum(),
                soft_rmse=np.sqrt(se[r["soft"]].mean()), air_rmse=np.sqrt(se[r["air"]].mean()),
                bone_bias=e[r["bone_interior"]].mean() if r["bone_interior"].any() else np.nan)


def main():
    manifest = json.load(open(os.path.join(DATASET, "manifest.json")))
    spacing = manifest["field_of_view_mm"] / manifest["model_size"]
    net, size = load_network()
    assert size == manifest["model_size"], "model and dataset grids differ"
    rows, edge_fraction = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for subject in manifest["split"]["test"]:
            data = read_safetensors(os.path.join(DATASET, subject + ".safetensors"))
            count = data["ct"].shape[0]
            for s in np.linspace(0, count - 1, SLICES_PER_SUBJECT + 2)[1:-1].round().astype(int):
                ct, mr = data["ct"][s], data["mr"][s]
                fbp, zero_filled = sparse_inputs(ct, mr, scratch, spacing)
                with torch.no_grad():
                    msl_ct = net.fused_outputs(torch.from_numpy(fbp[None, None].copy()),
                                               torch.from_numpy(zero_filled[None, None].copy()), [0.0])[0][0, 0].numpy()
                r = regions(ct)
                edge_fraction.append(r["edges"].mean())
                rows.append((subject, int(s), measure(msl_ct, ct, r), measure(fbp, ct, r)))

    def mean(method, key):
        values = [row[2 + method][key] for row in rows]
        return np.nanmean(values)

    keys = [("psnr", "PSNR dB, mean over slices", "{:.2f}"), ("edge_share", "share of squared error on edges", "{:.0%}"),
            ("soft_rmse", "RMSE, soft tissue off edges", "{:.4f}"), ("air_rmse", "RMSE, air", "{:.4f}"),
            ("bone_bias", "mean error inside bone", "{:+.4f}")]
    lines = ["# MSL-CT and FBP error by region",
             "",
             f"Made by `error_by_region.py` (read it for the definitions): {len(rows)} slices, "
             f"{SLICES_PER_SUBJECT} evenly spaced per test subject of `out/reference-set`; 64-view fan-beam FBP; "
             f"MSL-CT (λ 0, CT + MR) of the shipped model run by the PyTorch reference. Edge pixels are "
             f"{np.mean(edge_fraction):.0%} of each slice on average. Means over slices; network scale [0, 1].",
             "",
             "| | MSL-CT | FBP |",
             "|---|---|---|"]
    for key, label, fmt in keys:
        lines.append(f"| {label} | {fmt.format(mean(0, key))} | {fmt.format(mean(1, key))} |")
        if key == "psnr":  # the mean of dB is pulled up by near-empty slices, where the FBP is almost exact
            pooled = [-10 * np.log10(mean(method, "mse")) for method in (0, 1)]
            lines.append(f"| PSNR dB of the pooled squared error | {pooled[0]:.2f} | {pooled[1]:.2f} |")
    lines += ["", "Per slice (MSL-CT / FBP):", "", "| slice | " + " | ".join(k[1] for k in keys) + " |",
              "|---" * (len(keys) + 1) + "|"]
    for subject, s, m, f in rows:
        cells = [f"{fmt.format(m[key])} / {fmt.format(f[key])}" for key, _, fmt in keys]
        lines.append(f"| {subject} {s} | " + " | ".join(cells) + " |")
    with open(OUTPUT, "w") as out:
        out.write("\n".join(lines) + "\n")
    print("\n".join(lines[:12]))


if __name__ == "__main__":
    main()
