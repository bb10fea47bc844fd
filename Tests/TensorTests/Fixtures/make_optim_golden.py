#!/usr/bin/python3
"""Generate the golden fixture for Adam, StepLR and gradient clipping from PyTorch itself.

What it writes
    ``adam_steplr.safetensors`` next to this script (all tensors F32, C-order,
    little-endian, sorted names; hyper-parameters as strings in ``__metadata__``):

    Adam + StepLR, 5 steps of torch.optim.Adam(lr=0.1, betas=(0.5, 0.999),
    eps=1e-8, weight_decay=1e-2) with StepLR(step_size=2, gamma=0.5), the
    scheduler stepped after every optimiser step:
      p0_init [2,3], p1_init [4]        initial parameter values
      grads_p0 [5,2,3], grads_p1 [5,4]  gradient set before step t (row t)
      p1_has_grad [5]                   0 where p1.grad is None at that step
                                        (Adam skips it; its own step count lags)
      p0_after [5,2,3], p1_after [5,4]  parameters after step t
      lr_used [5], lr_after [5]         lr for step t; lr after scheduler.step()

    clip_grad_norm_ (norm_type=2) on two gradient sets over two tensors each:
      clip_<case>_a_in [3,3], clip_<case>_b_in [5]   gradients before
      clip_<case>_a_out, clip_<case>_b_out           gradients after
      clip_<case>_total [1]                          returned total norm
    with case "big" (max_norm 1, clipped) and "small" (max_norm 100, unchanged).

How
    Values come from np.random.default_rng(seed), cast to float32, then run
    through torch (float32, CPU, the default single-tensor Adam).  The fixture
    was made with the Debian python3-torch package (torch 1.13).

Rerun
    /usr/bin/python3 Tests/TensorTests/Fixtures/make_optim_golden.py   (from the repo root)
    The output is deterministic: reruns give byte-identical files.
"""

import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))

LR, BETAS, EPS, WEIGHT_DECAY = 0.1, (0.5, 0.999), 1e-8, 1e-2
STEP_SIZE, GAMMA, STEPS = 2, 0.5, 5
P1_HAS_GRAD = [1, 1, 0, 1, 1]  # p1 gets no gradient at step 3
CLIP_MAX_NORM = {"big": 1.0, "small": 100.0}


# The same safetensors writer and float32 cast as the engine's other fixtures.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import f32, write_safetensors  # noqa: E402


def adam_steplr(rng):
    out = {
        "p0_init": f32(rng.standard_normal((2, 3))),
        "p1_init": f32(rng.standard_normal(4)),
        "grads_p0": f32(rng.standard_normal((STEPS, 2, 3))),
        "grads_p1": f32(rng.standard_normal((STEPS, 4))),
        "p1_has_grad": f32(P1_HAS_GRAD),
    }
    p0 = torch.nn.Parameter(torch.from_numpy(out["p0_init"].copy()))
    p1 = torch.nn.Parameter(torch.from_numpy(out["p1_init"].copy()))
    optimizer = torch.optim.Adam([p0, p1], lr=LR, betas=BETAS, eps=EPS, weight_decay=WEIGHT_DECAY)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=STEP_SIZE, gamma=GAMMA)
    p0_after, p1_after, lr_used, lr_after = [], [], [], []
    for t in range(STEPS):
        p0.grad = torch.from_numpy(out["grads_p0"][t].copy())
        p1.grad = torch.from_numpy(out["grads_p1"][t].copy()) if P1_HAS_GRAD[t] else None
        lr_used.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
        lr_after.append(optimizer.param_groups[0]["lr"])
        p0_after.append(p0.detach().numpy().copy())
        p1_after.append(p1.detach().numpy().copy())
    out.update(
        p0_after=f32(p0_after), p1_after=f32(p1_after), lr_used=f32(lr_used), lr_after=f32(lr_after)
    )
    return out


def clipping(rng):
    out = {}
    for case, max_norm in sorted(CLIP_MAX_NORM.items()):
        a = f32(rng.standard_normal((3, 3)) * 2)
        b = f32(rng.standard_normal(5) * 2)
        pa = torch.nn.Parameter(torch.zeros(3, 3))
        pb = torch.nn.Parameter(torch.zeros(5))
        pa.grad, pb.grad = torch.from_numpy(a.copy()), torch.from_numpy(b.copy())
        total = torch.nn.utils.clip_grad_norm_([pa, pb], max_norm=max_norm)
        out[f"clip_{case}_a_in"], out[f"clip_{case}_b_in"] = a, b
        out[f"clip_{case}_a_out"] = pa.grad.numpy().copy()
        out[f"clip_{case}_b_out"] = pb.grad.numpy().copy()
        out[f"clip_{case}_total"] = f32([total.item()])
    assert out["clip_big_total"][0] > CLIP_MAX_NORM["big"] * 2, "the 'big' case must actually clip"
    assert out["clip_small_total"][0] < CLIP_MAX_NORM["small"], "the 'small' case must not clip"
    return out


def main():
    torch.set_num_threads(1)
    rng = np.random.default_rng(20240607)
    tensors = {**adam_steplr(rng), **clipping(rng)}
    metadata = {
        "lr": LR, "beta1": BETAS[0], "beta2": BETAS[1], "eps": EPS, "weight_decay": WEIGHT_DECAY,
        "step_size": STEP_SIZE, "gamma": GAMMA, "steps": STEPS,
        "clip_big_max_norm": CLIP_MAX_NORM["big"], "clip_small_max_norm": CLIP_MAX_NORM["small"],
        "torch_version": torch.__version__,
    }
    path = os.path.join(HERE, "adam_steplr.safetensors")
    write_safetensors(path, tensors, metadata)
    print(f"wrote {path} ({len(tensors)} tensors)")


if __name__ == "__main__":
    main()
