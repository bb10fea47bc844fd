#!/usr/bin/env python3
"""PyTorch CPU timing anchor for the Swift deep-learning engine.

Purpose
    Times forward and backward passes of a few layers, with the shapes of a
    published network, in PyTorch on the CPU. The Swift benchmarks compare
    their own timings for the same layers against these numbers.

Usage
    python3 Benchmarks/engine_torch.py [--threads 2] [--repeats 5] [--warmup 2]
                                       [--only NAME] [--list]

    --threads N   torch.set_num_threads(N); inter-op threads are set to 1.
    --repeats N   timed iterations per layer; the median is reported.
    --warmup N    untimed iterations run before the timed ones.
    --only NAME   time only the layer called NAME.
    --list        print the layer names, one a line, and exit.

    If PyTorch cannot be imported, one line goes to stderr and the exit
    status is 3 (the Swift side treats that as "anchor skipped"). On Debian,
    PyTorch comes from `apt-get install python3-torch` and is run with
    /usr/bin/python3.

Output
    stdout carries exactly one JSON object (progress goes to stderr):

    {"torch_version": "1.13.1", "threads": 2, "repeats": 5,
     "results": [{"name": "...", "forward_seconds": 0.01,
                  "backward_seconds": 0.02, "forward_flop": 123,
                  "backward_flop": 246}, ...]}

    Each repeat does: t0; y = f(x); t1; y.backward(grad_out); t2; with
    forward = t1 - t0 and backward = t2 - t1. Gradients are cleared
    (`.grad = None`) before every iteration. Inputs are float32, batch 1,
    requires_grad=True; weights use PyTorch's default initialisation under
    torch.manual_seed(0); grad_out = torch.randn_like(y).

FLOP conventions
    A multiply-add counts as 2 FLOP; bias, softmax and elementwise work are
    ignored.
      conv           forward = 2 * Cout * Hout * Wout * Cin * kh * kw
      conv-transpose forward = 2 * Cin * Hin * Win * Cout * kh * kw
      attention      forward = 2*T*D*3*I + 2*(2*H*T*T*Dh) + 2*T*I*D
                     (qkv projection, q@k^T and attn@v, output projection;
                      D = model width, I = H*Dh inner width)
    backward = 2 * forward for every layer (input grad + weight grad).
"""

import argparse
import json
import statistics
import sys
import time

# name -> (kind, constructor arguments, input shape, expected output shape)
LAYERS = {
    "conv7x7_1to64_384": (
        "conv", dict(in_channels=1, out_channels=64, kernel_size=7, stride=1, padding=0),
        (1, 1, 390, 390), (1, 64, 384, 384)),
    "conv4x4s2_64to128_384": (
        "conv", dict(in_channels=64, out_channels=128, kernel_size=4, stride=2, padding=0),
        (1, 64, 386, 386), (1, 128, 192, 192)),
    "conv3x3_256to256_96": (
        "conv", dict(in_channels=256, out_channels=256, kernel_size=3, stride=1, padding=1),
        (1, 256, 96, 96), (1, 256, 96, 96)),
    "convT3x3s2_128to64_to384": (
        "convT", dict(in_channels=128, out_channels=64, kernel_size=3, stride=2, padding=1,
                      output_padding=1),
        (1, 128, 192, 192), (1, 64, 384, 384)),
    "attention_2305x1024": (
        "attention", dict(dim=1024, heads=8, dim_head=64),
        (1, 2305, 1024), (1, 2305, 1024)),
}


def forward_flop(kind, args, in_shape, out_shape):
    """Forward FLOP count (multiply-add = 2) following the conventions above."""
    if kind == "conv":
        _, cout, hout, wout = out_shape
        k = args["kernel_size"]
        return 2 * cout * hout * wout * args["in_channels"] * k * k
    if kind == "convT":
        _, cin, hin, win = in_shape
        k = args["kernel_size"]
        return 2 * cin * hin * win * args["out_channels"] * k * k
    if kind == "attention":
        t, d = in_shape[1], args["dim"]
        h, dh = args["heads"], args["dim_head"]
        inner = h * dh
        return 2 * t * d * 3 * inner + 2 * (2 * h * t * t * dh) + 2 * t * inner * d
    raise ValueError(kind)


def build(kind, args):
    """Constructs the layer as a torch.nn.Module (torch imported lazily)."""
    import torch
    from torch import nn

    if kind == "conv":
        return nn.Conv2d(**args, bias=True)
    if kind == "convT":
        return nn.ConvTranspose2d(**args, bias=True)

    class Attention(nn.Module):
        """lucidrains-ViT multi-head self-attention, without dropout/LayerNorm."""

        def __init__(self, dim, heads, dim_head):
            super().__init__()
            self.heads, self.scale = heads, dim_head ** -0.5
            self.to_qkv = nn.Linear(dim, heads * dim_head * 3, bias=False)
            self.to_out = nn.Linear(heads * dim_head, dim)

        def forward(self, x):
            b, t, _ = x.shape
            # [B,T,H*Dh] -> [B,T,H,Dh] -> [B,H,T,Dh]
            q, k, v = (c.reshape(b, t, self.heads, -1).transpose(1, 2)
                       for c in self.to_qkv(x).chunk(3, dim=-1))
            attn = torch.softmax(q @ k.transpose(-1, -2) * self.scale, dim=-1)
            o = (attn @ v).transpose(1, 2).reshape(b, t, -1)  # [B,T,H*Dh]
            return self.to_out(o)

    return Attention(**args)


def time_layer(name, repeats, warmup):
    """Returns the result record for one layer (median forward/backward seconds)."""
    import torch

    kind, args, in_shape, out_shape = LAYERS[name]
    torch.manual_seed(0)
    module = build(kind, args)
    x = torch.randn(in_shape, dtype=torch.float32, requires_grad=True)
    with torch.no_grad():
        y = module(x)
    if tuple(y.shape) != out_shape:
        raise RuntimeError(f"{name}: output {tuple(y.shape)}, expected {out_shape}")
    grad_out = torch.randn_like(y)
    del y

    fwd, bwd = [], []
    for i in range(warmup + repeats):
        x.grad = None
        for p in module.parameters():
            p.grad = None
        t0 = time.perf_counter()
        y = module(x)
        t1 = time.perf_counter()
        y.backward(grad_out)
        t2 = time.perf_counter()
        del y
        if i >= warmup:
            fwd.append(t1 - t0)
            bwd.append(t2 - t1)

    flop = forward_flop(kind, args, in_shape, out_shape)
    return {
        "name": name,
        "forward_seconds": statistics.median(fwd),
        "backward_seconds": statistics.median(bwd),
        "forward_flop": flop,
        "backward_flop": 2 * flop,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--only", choices=sorted(LAYERS), metavar="NAME")
    parser.add_argument("--list", action="store_true", help="print layer names and exit")
    opts = parser.parse_args()
    if opts.repeats < 1 or opts.warmup < 0 or opts.threads < 1:
        parser.error("need --repeats >= 1, --warmup >= 0, --threads >= 1")

    if opts.list:
        print("\n".join(LAYERS))
        return 0

    try:
        import torch
    except Exception:  # ImportError, or a broken install failing on import
        print("engine_torch.py: PyTorch not installed (Debian: apt-get install "
              "python3-torch); anchor skipped", file=sys.stderr)
        return 3

    torch.set_num_threads(opts.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already set, or parallel work has already started
        pass

    results = []
    for name in ([opts.only] if opts.only else LAYERS):
        print(f"engine_torch.py: timing {name} ...", file=sys.stderr, flush=True)
        results.append(time_layer(name, opts.repeats, opts.warmup))
        r = results[-1]
        print(f"engine_torch.py:   forward {r['forward_seconds']:.4f} s, "
              f"backward {r['backward_seconds']:.4f} s", file=sys.stderr, flush=True)

    json.dump({"torch_version": torch.__version__, "threads": opts.threads,
               "repeats": opts.repeats, "results": results}, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
