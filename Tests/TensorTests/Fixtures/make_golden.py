#!/usr/bin/env python3
"""Generate golden test fixtures (forward outputs and gradients) for TensorTests.

What it writes
    One ``<case>.safetensors`` file per case, next to this script, for:
    conv2d_s2_p1, conv2d_reflect7, conv2d_reflect4_s2, conv_transpose2d,
    conv_transpose2d_k4, instance_norm_biased, instance_norm_unbiased,
    instance_norm_affine, layer_norm, batch_norm_train, batch_norm_eval, gelu,
    attention, cin, cin_spatial.
    Each file holds the inputs, ``out`` (forward output), ``grad_out`` (a random
    upstream gradient shaped like ``out``) and, for every differentiable input
    ``foo``, ``grad_foo`` = d/d foo of sum(out * grad_out).  Hyper-parameters are
    stored as strings in the safetensors ``__metadata__``.  All tensors are F32,
    C-order, little-endian, laid out contiguously in sorted-name order.

How
    Inputs are drawn with ``np.random.default_rng(seed)`` (a distinct fixed seed
    per case), cast to float32 first; all reference math is then done in float64
    numpy from those float32 values, and results are stored as float32.
    Gradients are computed with hand-written analytic backward formulas AND with
    float64 central finite differences (h = 1e-6) over every element of every
    differentiable input; the script asserts that both agree (max abs difference
    <= 1e-6 * max|grad| per tensor) for every case, so it validates itself.  The
    stored gradients are the analytic ones.  No autodiff library is used.  The
    safetensors writer is a tiny one in this file (no safetensors package).

Rerun
    python3 Tests/TensorTests/Fixtures/make_golden.py      (from the repo root)
    The output is deterministic: reruns give byte-identical files.
"""

import json
import os
import struct
import sys

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.special import erf

HERE = os.path.dirname(os.path.abspath(__file__))
FD_H = 1e-6
CHECK_RTOL = 1e-6


# --------------------------------------------------------------------------
# safetensors writer
# --------------------------------------------------------------------------
def write_safetensors(path, tensors, metadata):
    """tensors: dict name -> ndarray (written as F32); metadata: dict str -> str."""
    header = {"__metadata__": {str(k): str(v) for k, v in sorted(metadata.items())}}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        arr = np.ascontiguousarray(np.asarray(tensors[name], dtype="<f4"))
        raw = arr.tobytes(order="C")
        header[name] = {
            "dtype": "F32",
            "shape": [int(s) for s in arr.shape],
            "data_offsets": [offset, offset + len(raw)],
        }
        blobs.append(raw)
        offset += len(raw)
    hjson = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
    pad = (-(8 + len(hjson))) % 8
    hjson += b" " * pad
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        for raw in blobs:
            f.write(raw)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------
def f32(a):
    return np.asarray(a, dtype=np.float32)


def fd_grad(forward, inputs, name, g):
    """Central finite differences of sum(forward(inputs) * g) w.r.t. inputs[name]."""
    base = {k: np.array(v, dtype=np.float64) for k, v in inputs.items()}
    x = base[name]
    grad = np.zeros_like(x)
    flat = x.reshape(-1)
    gflat = grad.reshape(-1)
    for i in range(flat.size):
        orig = flat[i]
        flat[i] = orig + FD_H
        lp = np.sum(forward(base) * g)
        flat[i] = orig - FD_H
        lm = np.sum(forward(base) * g)
        flat[i] = orig
        gflat[i] = (lp - lm) / (2.0 * FD_H)
    return grad


def check_close(case, name, analytic, fd):
    scale = max(np.max(np.abs(analytic)), 1e-12)
    err = np.max(np.abs(analytic - fd))
    if not err <= CHECK_RTOL * scale:
        raise AssertionError(
            f"{case}: grad_{name} analytic vs FD mismatch: max abs err {err:.3e}, "
            f"max |grad| {scale:.3e}")
    return err / scale


def pad2d(x, p, mode):
    if p == 0:
        return x
    npmode = {"zeros": "constant", "reflect": "reflect"}[mode]
    return np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), mode=npmode)


def pad2d_backward(gp, shape, p, mode):
    """Adjoint of pad2d: maps a gradient of the padded tensor back to x."""
    if p == 0:
        return gp
    N, C, H, W = shape
    if mode == "zeros":
        return gp[:, :, p:p + H, p:p + W]
    idx = np.pad(np.arange(H * W).reshape(H, W), ((p, p), (p, p)), mode="reflect")
    g = np.zeros((N, C, H * W))
    np.add.at(g, (slice(None), slice(None), idx.reshape(-1)),
              gp.reshape(N, C, -1))
    return g.reshape(N, C, H, W)


def conv2d_valid(xp, w, b, s):
    """Cross-correlation (PyTorch Conv2d) of an already padded input, stride s."""
    kh, kw = w.shape[2:]
    win = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::s, ::s]
    return np.einsum("nchwij,ocij->nohw", win, w) + b[None, :, None, None]


def conv2d_valid_backward(xp, w, g, s):
    kh, kw = w.shape[2:]
    win = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::s, ::s]
    Ho, Wo = g.shape[2:]
    gw = np.einsum("nchwij,nohw->ocij", win, g)
    gb = g.sum(axis=(0, 2, 3))
    gxp = np.zeros_like(xp)
    for i in range(kh):
        for j in range(kw):
            gxp[:, :, i:i + s * (Ho - 1) + 1:s, j:j + s * (Wo - 1) + 1:s] += \
                np.einsum("nohw,oc->nchw", g, w[:, :, i, j])
    return gxp, gw, gb


def conv_transpose2d(x, w, b, s, p, op):
    N, C, H, W = x.shape
    O, k = w.shape[1], w.shape[2]
    Ho = (H - 1) * s - 2 * p + k + op
    Wo = (W - 1) * s - 2 * p + k + op
    full = np.zeros((N, O, (H - 1) * s + k + op, (W - 1) * s + k + op))
    for ki in range(k):
        for kj in range(k):
            full[:, :, ki:ki + s * (H - 1) + 1:s, kj:kj + s * (W - 1) + 1:s] += \
                np.einsum("nchw,co->nohw", x, w[:, :, ki, kj])
    return full[:, :, p:p + Ho, p:p + Wo] + b[None, :, None, None]


def conv_transpose2d_backward(x, w, g, s, p, op):
    N, C, H, W = x.shape
    O, k = w.shape[1], w.shape[2]
    Ho, Wo = g.shape[2:]
    gfull = np.zeros((N, O, (H - 1) * s + k + op, (W - 1) * s + k + op))
    gfull[:, :, p:p + Ho, p:p + Wo] = g
    gx = np.zeros_like(x)
    gw = np.zeros_like(w)
    for ki in range(k):
        for kj in range(k):
            sl = gfull[:, :, ki:ki + s * (H - 1) + 1:s, kj:kj + s * (W - 1) + 1:s]
            gx += np.einsum("nohw,co->nchw", sl, w[:, :, ki, kj])
            gw[:, :, ki, kj] = np.einsum("nchw,nohw->co", x, sl)
    return gx, gw, g.sum(axis=(0, 2, 3))


def normalize(x, axes, eps, unbiased):
    m = int(np.prod([x.shape[a] for a in axes]))
    d = m - 1 if unbiased else m
    mu = x.mean(axis=axes, keepdims=True)
    var = ((x - mu) ** 2).sum(axis=axes, keepdims=True) / d
    sigma = np.sqrt(var + eps)
    return (x - mu) / sigma, sigma, d


def normalize_backward(xhat, sigma, gxhat, axes, d):
    """Gradient through xhat = (x - mean) / sqrt(sum((x-mean)^2)/d + eps)."""
    return (gxhat - gxhat.mean(axis=axes, keepdims=True)
            - xhat * (gxhat * xhat).sum(axis=axes, keepdims=True) / d) / sigma


def relu(a):
    return np.maximum(a, 0.0)


# --------------------------------------------------------------------------
# case driver
# --------------------------------------------------------------------------
CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def finish(name, inputs, extra, metadata, forward, backward, diff_names, rng):
    """inputs: dict of float32 arrays. forward(dict of float64) -> out (float64).
    backward(dict of float64, grad_out float64) -> dict name -> grad (float64)."""
    x64 = {k: v.astype(np.float64) for k, v in inputs.items()}
    out = forward(x64)
    grad_out = f32(rng.standard_normal(out.shape))
    g64 = grad_out.astype(np.float64)
    grads = backward(x64, g64)
    assert sorted(grads) == sorted(diff_names), (name, sorted(grads))
    worst = 0.0
    for n in diff_names:
        fd = fd_grad(forward, x64, n, g64)
        worst = max(worst, check_close(name, n, grads[n], fd))
    tensors = dict(inputs)
    tensors["out"] = out
    tensors["grad_out"] = grad_out
    for n in diff_names:
        tensors["grad_" + n] = grads[n]
    tensors.update(extra)
    meta = {"case": name, "gradient_convention": "grad_<x> = d sum(out * grad_out) / d <x>",
            "reference": "float64 numpy (make_golden.py), stored as F32"}
    meta.update(metadata)
    path = os.path.join(HERE, name + ".safetensors")
    write_safetensors(path, tensors, meta)
    print(f"{name:24s} max rel(analytic-FD) = {worst:.2e}  -> {os.path.relpath(path)}"
          f" ({os.path.getsize(path)} bytes)")


def conv_case(name, seed, xs, ws, stride, pad, mode):
    rng = np.random.default_rng(seed)
    inputs = {"x": f32(rng.standard_normal(xs)),
              "weight": f32(rng.standard_normal(ws)),
              "bias": f32(rng.standard_normal(ws[0]))}

    def fwd(t):
        return conv2d_valid(pad2d(t["x"], pad, mode), t["weight"], t["bias"], stride)

    def bwd(t, g):
        xp = pad2d(t["x"], pad, mode)
        gxp, gw, gb = conv2d_valid_backward(xp, t["weight"], g, stride)
        return {"x": pad2d_backward(gxp, t["x"].shape, pad, mode), "weight": gw, "bias": gb}

    meta = {"op": "conv2d (cross-correlation, PyTorch Conv2d)", "stride": str(stride),
            "padding": str(pad), "padding_mode": mode, "dilation": "1", "groups": "1"}
    if mode == "reflect":
        meta["padding_note"] = ("input reflect-padded by `padding` on every side "
                                "(numpy 'reflect' = PyTorch ReflectionPad2d), then conv with no padding")
    finish(name, inputs, {}, meta, fwd, bwd, ["x", "weight", "bias"], rng)


@case
def c_conv2d_s2_p1():
    conv_case("conv2d_s2_p1", 1001, (2, 3, 9, 8), (4, 3, 3, 3), 2, 1, "zeros")


@case
def c_conv2d_reflect7():
    conv_case("conv2d_reflect7", 1002, (1, 2, 10, 11), (3, 2, 7, 7), 1, 3, "reflect")


@case
def c_conv2d_reflect4_s2():
    conv_case("conv2d_reflect4_s2", 1003, (2, 3, 10, 10), (5, 3, 4, 4), 2, 1, "reflect")


def convt_case(name, seed, xs, ws, s, p, op):
    rng = np.random.default_rng(seed)
    inputs = {"x": f32(rng.standard_normal(xs)),
              "weight": f32(rng.standard_normal(ws)),
              "bias": f32(rng.standard_normal(ws[1]))}

    def fwd(t):
        return conv_transpose2d(t["x"], t["weight"], t["bias"], s, p, op)

    def bwd(t, g):
        gx, gw, gb = conv_transpose2d_backward(t["x"], t["weight"], g, s, p, op)
        return {"x": gx, "weight": gw, "bias": gb}

    meta = {"op": "conv_transpose2d (PyTorch ConvTranspose2d, weight [in, out, kh, kw])",
            "stride": str(s), "padding": str(p), "output_padding": str(op),
            "dilation": "1", "groups": "1"}
    finish(name, inputs, {}, meta, fwd, bwd, ["x", "weight", "bias"], rng)


@case
def c_conv_transpose2d():
    convt_case("conv_transpose2d", 1004, (2, 4, 5, 6), (4, 3, 3, 3), 2, 1, 1)


@case
def c_conv_transpose2d_k4():
    convt_case("conv_transpose2d_k4", 1005, (1, 3, 4, 4), (3, 2, 4, 4), 2, 1, 0)


def inorm_case(name, seed, unbiased, affine):
    rng = np.random.default_rng(seed)
    eps = 1e-5
    inputs = {"x": f32(rng.standard_normal((2, 3, 5, 4)))}
    if affine:
        inputs["weight"] = f32(rng.standard_normal(3))
        inputs["bias"] = f32(rng.standard_normal(3))
    axes = (2, 3)

    def fwd(t):
        xh, _, _ = normalize(t["x"], axes, eps, unbiased)
        if affine:
            return xh * t["weight"][None, :, None, None] + t["bias"][None, :, None, None]
        return xh

    def bwd(t, g):
        xh, sigma, d = normalize(t["x"], axes, eps, unbiased)
        if not affine:
            return {"x": normalize_backward(xh, sigma, g, axes, d)}
        gxh = g * t["weight"][None, :, None, None]
        return {"x": normalize_backward(xh, sigma, gxh, axes, d),
                "weight": (g * xh).sum(axis=(0, 2, 3)),
                "bias": g.sum(axis=(0, 2, 3))}

    meta = {"op": "instance_norm (per (n,c) over H,W)", "eps": "1e-05",
            "unbiased": "true" if unbiased else "false",
            "affine": "true" if affine else "false"}
    finish(name, inputs, {}, meta, fwd, bwd,
           ["x", "weight", "bias"] if affine else ["x"], rng)


@case
def c_instance_norm_biased():
    inorm_case("instance_norm_biased", 1006, False, False)


@case
def c_instance_norm_unbiased():
    inorm_case("instance_norm_unbiased", 1007, True, False)


@case
def c_instance_norm_affine():
    inorm_case("instance_norm_affine", 1008, False, True)


@case
def c_layer_norm():
    rng = np.random.default_rng(1009)
    eps = 1e-5
    inputs = {"x": f32(rng.standard_normal((2, 5, 8))),
              "weight": f32(rng.standard_normal(8)),
              "bias": f32(rng.standard_normal(8))}
    axes = (2,)

    def fwd(t):
        xh, _, _ = normalize(t["x"], axes, eps, False)
        return xh * t["weight"] + t["bias"]

    def bwd(t, g):
        xh, sigma, d = normalize(t["x"], axes, eps, False)
        return {"x": normalize_backward(xh, sigma, g * t["weight"], axes, d),
                "weight": (g * xh).sum(axis=(0, 1)),
                "bias": g.sum(axis=(0, 1))}

    meta = {"op": "layer_norm over last dim", "normalized_shape": "8", "eps": "1e-05",
            "unbiased": "false"}
    finish("layer_norm", inputs, {}, meta, fwd, bwd, ["x", "weight", "bias"], rng)


def bn_inputs(rng):
    return {"x": f32(rng.standard_normal((4, 3, 5, 5))),
            "weight": f32(rng.standard_normal(3)),
            "bias": f32(rng.standard_normal(3)),
            "running_mean": f32(rng.standard_normal(3) * 0.1),
            "running_var": f32(rng.uniform(0.5, 1.5, 3))}


@case
def c_batch_norm_train():
    rng = np.random.default_rng(1010)
    eps, mom = 1e-5, 0.1
    inputs = bn_inputs(rng)
    axes = (0, 2, 3)
    c = (None, slice(None), None, None)

    def fwd(t):
        xh, _, _ = normalize(t["x"], axes, eps, False)
        return xh * t["weight"][c] + t["bias"][c]

    def bwd(t, g):
        xh, sigma, d = normalize(t["x"], axes, eps, False)
        return {"x": normalize_backward(xh, sigma, g * t["weight"][c], axes, d),
                "weight": (g * xh).sum(axis=axes),
                "bias": g.sum(axis=axes)}

    x = inputs["x"].astype(np.float64)
    bmean = x.mean(axis=axes)
    m = x.shape[0] * x.shape[2] * x.shape[3]
    bvar_unb = ((x - bmean[c]) ** 2).sum(axis=axes) / (m - 1)
    extra = {"new_running_mean": (1 - mom) * inputs["running_mean"].astype(np.float64) + mom * bmean,
             "new_running_var": (1 - mom) * inputs["running_var"].astype(np.float64) + mom * bvar_unb}
    meta = {"op": "batch_norm2d training mode", "eps": "1e-05", "momentum": "0.1",
            "training": "true",
            "note": ("normalise with batch mean and biased batch var over (N,H,W); "
                     "new_running_var uses the unbiased batch var (PyTorch)")}
    finish("batch_norm_train", inputs, extra, meta, fwd, bwd, ["x", "weight", "bias"], rng)


@case
def c_batch_norm_eval():
    rng = np.random.default_rng(1011)
    eps = 1e-5
    inputs = bn_inputs(rng)
    c = (None, slice(None), None, None)

    def fwd(t):
        inv = 1.0 / np.sqrt(t["running_var"] + eps)
        return (t["x"] - t["running_mean"][c]) * inv[c] * t["weight"][c] + t["bias"][c]

    def bwd(t, g):
        inv = 1.0 / np.sqrt(t["running_var"] + eps)
        xh = (t["x"] - t["running_mean"][c]) * inv[c]
        return {"x": g * (t["weight"] * inv)[c],
                "weight": (g * xh).sum(axis=(0, 2, 3)),
                "bias": g.sum(axis=(0, 2, 3))}

    meta = {"op": "batch_norm2d eval mode (uses running stats)", "eps": "1e-05",
            "momentum": "0.1", "training": "false"}
    finish("batch_norm_eval", inputs, {}, meta, fwd, bwd, ["x", "weight", "bias"], rng)


@case
def c_gelu():
    rng = np.random.default_rng(1012)
    inputs = {"x": f32(np.linspace(-5.0, 5.0, 51).reshape(3, 17))}

    def fwd(t):
        return 0.5 * t["x"] * (1.0 + erf(t["x"] / np.sqrt(2.0)))

    def bwd(t, g):
        x = t["x"]
        cdf = 0.5 * (1.0 + erf(x / np.sqrt(2.0)))
        pdf = np.exp(-0.5 * x * x) / np.sqrt(2.0 * np.pi)
        return {"x": g * (cdf + x * pdf)}

    meta = {"op": "gelu exact (erf form)", "approximate": "none",
            "x_definition": "linspace(-5, 5, 51).reshape(3, 17) as float32"}
    finish("gelu", inputs, {}, meta, fwd, bwd, ["x"], rng)


@case
def c_attention():
    rng = np.random.default_rng(1013)
    B, T, D, H, Dh = 2, 7, 16, 2, 4
    inner = H * Dh
    scale = Dh ** -0.5
    # Weights are N(0,1)/sqrt(fan_in) so the softmax is not saturated.
    inputs = {"x": f32(rng.standard_normal((B, T, D))),
              "w_qkv": f32(rng.standard_normal((3 * inner, D)) / np.sqrt(D)),
              "w_out": f32(rng.standard_normal((D, inner)) / np.sqrt(inner)),
              "b_out": f32(rng.standard_normal(D))}

    def heads(a):  # [B,T,inner] -> [B,H,T,Dh]
        return a.reshape(B, T, H, Dh).transpose(0, 2, 1, 3)

    def merge(a):  # [B,H,T,Dh] -> [B,T,inner]
        return a.transpose(0, 2, 1, 3).reshape(B, T, inner)

    def parts(t):
        qkv = t["x"] @ t["w_qkv"].T
        q, k, v = (heads(qkv[..., i * inner:(i + 1) * inner]) for i in range(3))
        s = q @ k.transpose(0, 1, 3, 2) * scale
        s = s - s.max(axis=-1, keepdims=True)
        e = np.exp(s)
        a = e / e.sum(axis=-1, keepdims=True)
        o = merge(a @ v)
        return q, k, v, a, o

    def fwd(t):
        o = parts(t)[4]
        return o @ t["w_out"].T + t["b_out"]

    def bwd(t, g):
        q, k, v, a, o = parts(t)
        gb = g.sum(axis=(0, 1))
        gwo = np.einsum("bto,bti->oi", g, o)
        go = heads(g @ t["w_out"])
        ga = go @ v.transpose(0, 1, 3, 2)
        gv = a.transpose(0, 1, 3, 2) @ go
        gs = a * (ga - (ga * a).sum(axis=-1, keepdims=True))
        gq = gs @ k * scale
        gk = gs.transpose(0, 1, 3, 2) @ q * scale
        gqkv = np.concatenate([merge(gq), merge(gk), merge(gv)], axis=-1)
        return {"x": gqkv @ t["w_qkv"],
                "w_qkv": np.einsum("bto,bti->oi", gqkv, t["x"]),
                "w_out": gwo, "b_out": gb}

    meta = {"op": "multi-head self-attention (lucidrains ViT Attention, no dropout)",
            "heads": str(H), "dim_head": str(Dh), "dim": str(D), "inner_dim": str(inner),
            "scale": "dim_head**-0.5", "qkv_bias": "false",
            "layout": ("qkv = x @ w_qkv.T split last dim into q,k,v (in that order); "
                       "each [B,T,(heads dim_head)] with heads the outer factor; "
                       "softmax over keys; out = merge(attn@v) @ w_out.T + b_out"),
            "init_note": "x ~ N(0,1); w_qkv ~ N(0,1)/sqrt(16); w_out ~ N(0,1)/sqrt(8); b_out ~ N(0,1)"}
    finish("attention", inputs, {}, meta, fwd, bwd, ["x", "w_qkv", "w_out", "b_out"], rng)


def cin_case(name, seed, zshape):
    rng = np.random.default_rng(seed)
    N, C, Hh, Ww = 2, 4, 6, 6
    Z = 3
    eps = 1e-5
    margin = 1e-2  # every gamma/beta pre-activation is at least this far from 0

    def pre(z, w, b):  # 1x1 conv: [N,Z,h,w] x [C,Z,1,1] -> [N,C,h,w]
        return np.einsum("nzhw,cz->nchw", z, w[:, :, 0, 0]) + b[None, :, None, None]

    x = f32(rng.standard_normal((N, C, Hh, Ww)))
    for _attempt in range(1000):
        cand = {"z": f32(rng.standard_normal(zshape)),
                "gamma_weight": f32(rng.standard_normal((C, Z, 1, 1))),
                "gamma_bias": f32(rng.standard_normal(C) * 0.5),
                "beta_weight": f32(rng.standard_normal((C, Z, 1, 1))),
                "beta_bias": f32(rng.standard_normal(C) * 0.5)}
        c64 = {k: v.astype(np.float64) for k, v in cand.items()}
        ok = True
        for p in ("gamma", "beta"):
            a = pre(c64["z"], c64[p + "_weight"], c64[p + "_bias"])
            frac = np.mean(a > 0)
            if np.min(np.abs(a)) < margin or not (0.35 <= frac <= 0.65):
                ok = False
        if ok:
            break
    else:
        raise RuntimeError("could not draw CIN parameters")
    inputs = {"x": x}
    inputs.update(cand)
    axes = (2, 3)

    def fwd(t):
        xh, _, _ = normalize(t["x"], axes, eps, True)
        gamma = relu(pre(t["z"], t["gamma_weight"], t["gamma_bias"]))
        beta = relu(pre(t["z"], t["beta_weight"], t["beta_bias"]))
        return xh * gamma + beta

    def bwd(t, g):
        xh, sigma, d = normalize(t["x"], axes, eps, True)
        gp = pre(t["z"], t["gamma_weight"], t["gamma_bias"])
        bp = pre(t["z"], t["beta_weight"], t["beta_bias"])
        gamma = relu(gp)
        # reduce over broadcast spatial dims when z is [N,Z,1,1]
        red = (2, 3) if t["z"].shape[2:] == (1, 1) else ()
        g_gamma = (g * xh).sum(axis=red, keepdims=True) if red else g * xh
        g_beta = g.sum(axis=red, keepdims=True) if red else g
        g_gp = g_gamma * (gp > 0)
        g_bp = g_beta * (bp > 0)
        res = {"x": normalize_backward(xh, sigma, g * gamma, axes, d)}
        gz = np.zeros_like(t["z"])
        for p, gpre in (("gamma", g_gp), ("beta", g_bp)):
            w = t[p + "_weight"][:, :, 0, 0]
            res[p + "_weight"] = np.einsum("nchw,nzhw->cz", gpre, t["z"])[:, :, None, None]
            res[p + "_bias"] = gpre.sum(axis=(0, 2, 3))
            gz = gz + np.einsum("nchw,cz->nzhw", gpre, w)
        res["z"] = gz
        return res

    meta = {"op": "conditional instance norm", "eps": "1e-05", "unbiased": "true",
            "formula": ("gamma = relu(conv1x1(z; gamma_weight, gamma_bias)); "
                        "beta = relu(conv1x1(z; beta_weight, beta_bias)); "
                        "out = (x-mean)/sqrt(var_unbiased+eps) * gamma + beta, per (n,c) over H,W"),
            "relu_margin": str(margin)}
    finish(name, inputs, {}, meta, fwd, bwd,
           ["x", "z", "gamma_weight", "gamma_bias", "beta_weight", "beta_bias"], rng)


@case
def c_cin():
    cin_case("cin", 1014, (2, 3, 1, 1))


@case
def c_cin_spatial():
    cin_case("cin_spatial", 1015, (2, 3, 6, 6))


def main():
    for fn in CASES:
        fn()
    return 0


if __name__ == "__main__":
    sys.exit(main())
