#!/usr/bin/env python3
"""Golden fixture for the Swift MSL network: `msl_golden.safetensors` + `msl_golden.json`.

Tiny configuration (msl_reference.TINY_CONFIG): input 32x32, base_channels 4 (encoder 4->8->16
channels, 32->8 px), 2 downsamplings, patch 4 (2x2 = 4 tokens per modality, sequence 17),
model_dim 64, depth 2, heads 2 x head_dim 16, mlp 96, latent 16, dropout 0, 3 (dead) encoder
residual blocks.

What it does
  1. torch.manual_seed(0); MSLNet(TINY_CONFIG) in float32 with PyTorch default init and the
     authors' exceptions (pos/cls ~ N(0,1), decoder InstanceNorm scale ~ N(0,0.02)); then, drawing
     on the same global RNG, overwrites (so that every parameter matters numerically):
       for upsampling1.1 then upsampling2.1 (BatchNorm2d): weight = 1 + 0.1 randn, bias = 0.1 randn,
         running_mean = 0.1 randn, running_var = 1 + 0.1 rand;
       decoder.model.0.conv_block.3: scale = 1 + 0.1 randn, shift = 0.1 randn.
     These float32 values are stored as `param.<state_dict key>` (num_batches_tracked dropped).
  2. Inputs (float32, seed 1): smooth random images in [0,1] and a smooth lambda map in [0,1].
  3. The model is converted to float64 (exact) and run in float64 on the float64 copies of the
     float32 inputs; every result is stored rounded to float32.
  4. Eval mode: fused outputs for several lambdas, com path forced to CT / MR tokens, lambda map,
     constant map, tokens, fused features.
  5. Train mode (BatchNorm batch statistics; dropout is 0): the authors' loss of one iteration
     with the com choice forced to CT in both forward calls; its gradient w.r.t. every parameter.
  6. Verifies: parameter count vs hand count, state_dict key list vs the expected names,
     constant map == scalar lambda, torch.autograd.gradcheck (float64) on a subset of parameters
     (full Jacobian) and on all live parameters (fast mode), determinism of the train loss.

Rerun from the repo root:  /usr/bin/python3 Tests/MSLModelTests/Fixtures/make_msl_golden.py
The output is deterministic (reruns give byte-identical files).
"""

import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import msl_reference as R  # noqa: E402

torch.set_num_threads(1)  # determinism of float reductions across runs
CFG = dict(R.TINY_CONFIG)


def f32(t):
    return t.detach().to(torch.float32).cpu().numpy()


def lam32(x):
    """A lambda value as the float32 number the Swift side uses, in float64."""
    return float(np.float32(x))


# ------------------------------------------------------------------------------------------------
# expected state_dict keys (the converted-checkpoint names) for a config
# ------------------------------------------------------------------------------------------------
def expected_keys(c):
    keys = []
    for e in ("encoder1", "encoder2"):
        for i in range(1 + c["downsamplings"]):
            keys += [f"{e}.model.{i}.conv.weight", f"{e}.model.{i}.conv.bias"]
        for r in range(c["encoder_res_blocks"]):
            for j in (0, 1):
                keys += [f"{e}.model2.{r}.model.{j}.conv.weight", f"{e}.model2.{r}.model.{j}.conv.bias"]
    b0 = "decoder.model.0.conv_block"
    keys += [f"{b0}.0.module1.weight", f"{b0}.0.module1.bias"]
    for s in ("shift_conv", "scale_conv"):
        keys += [f"{b0}.0.module2.{s}.0.weight", f"{b0}.0.module2.{s}.0.bias"]
    keys += [f"{b0}.2.weight", f"{b0}.2.bias", f"{b0}.3.scale", f"{b0}.3.shift"]
    idx = 1
    for _ in range(c["downsamplings"]):
        keys += [f"decoder.model.{idx}.weight", f"decoder.model.{idx}.bias"]
        for s in ("shift_conv", "scale_conv"):
            keys += [f"decoder.model.{idx + 1}.{s}.0.weight", f"decoder.model.{idx + 1}.{s}.0.bias"]
        idx += 3
    keys += [f"decoder.model.{idx + 1}.weight", f"decoder.model.{idx + 1}.bias"]  # after ReflectionPad
    keys += ["G_D.weight", "G_D.bias", "to_patch_embedding.0.weight", "to_patch_embedding.0.bias",
             "pos_embedding", "cls_token_ct", "cls_token_mri"]
    for i in range(c["depth"]):
        p = f"transformer.layers.{i}"
        keys += [f"{p}.0.norm.weight", f"{p}.0.norm.bias", f"{p}.0.fn.to_qkv.weight",
                 f"{p}.0.fn.to_out.0.weight", f"{p}.0.fn.to_out.0.bias",
                 f"{p}.1.norm.weight", f"{p}.1.norm.bias", f"{p}.1.fn.net.0.weight",
                 f"{p}.1.fn.net.0.bias", f"{p}.1.fn.net.3.weight", f"{p}.1.fn.net.3.bias"]
    for u in ("upsampling1", "upsampling2"):
        keys += [f"{u}.0.weight", f"{u}.0.bias", f"{u}.1.weight", f"{u}.1.bias",
                 f"{u}.1.running_mean", f"{u}.1.running_var"]
    return keys


# ------------------------------------------------------------------------------------------------
# model and inputs
# ------------------------------------------------------------------------------------------------
def build_model():
    torch.manual_seed(0)
    model = R.MSLNet(CFG)
    with torch.no_grad():
        for bn in (model.upsampling1[1], model.upsampling2[1]):
            n = bn.num_features
            bn.weight.copy_(1 + 0.1 * torch.randn(n))
            bn.bias.copy_(0.1 * torch.randn(n))
            bn.running_mean.copy_(0.1 * torch.randn(n))
            bn.running_var.copy_(1 + 0.1 * torch.rand(n))
        inorm = model.decoder.model[0].conv_block[3]
        n = inorm.scale.numel()
        inorm.scale.copy_(1 + 0.1 * torch.randn(n))
        inorm.shift.copy_(0.1 * torch.randn(n))
    return model


def smooth_images(gen, n, size, coarse=6):
    """n smooth images [n,1,size,size] in [0,1] (float32): bicubic upsampling of a coarse
    uniform random grid, then per-image min-max normalisation."""
    c = torch.rand(n, 1, coarse, coarse, generator=gen, dtype=torch.float64)
    up = F.interpolate(c, size=(size, size), mode="bicubic", align_corners=True)
    lo = up.amin(dim=(2, 3), keepdim=True)
    hi = up.amax(dim=(2, 3), keepdim=True)
    return ((up - lo) / (hi - lo)).to(torch.float32)


def make_inputs():
    gen = torch.Generator().manual_seed(1)
    s = CFG["input_size"]
    ct = smooth_images(gen, 2, s)
    mr = smooth_images(gen, 2, s)
    ct_t = smooth_images(gen, 2, s)
    mr_t = smooth_images(gen, 2, s)
    lam_map = smooth_images(gen, 2, s, coarse=4)
    return dict(ct=ct, mr=mr, ct_target=ct_t, mr_target=mr_t, lambda_map=lam_map)


class LossWrapper(torch.nn.Module):
    """So that torch.nn.utils.stateless.functional_call can swap parameters for gradcheck."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, ct, mr, ct_t, mr_t):
        return R.training_loss(self.net, ct, mr, ct_t, mr_t, com_choice="ct", com_choice_half="ct")[0]


def main():
    checks = []

    # -- model --------------------------------------------------------------------------------
    model = build_model()
    params32 = R.stored_state_dict(model)
    keys = list(params32.keys())
    exp = expected_keys(CFG)
    assert sorted(keys) == sorted(exp), (set(keys) ^ set(exp))
    checks.append(f"state_dict keys == expected list ({len(keys)} tensors)")
    n_params = sum(p.numel() for p in model.parameters())
    hand = R.expected_parameter_count(CFG)
    assert n_params == hand["total"], (n_params, hand)
    print("parameter count", n_params, "hand count", hand)
    checks.append(f"parameter count {n_params} == hand count")
    paper = R.MSLNet(R.PAPER_CONFIG)
    n_paper = sum(p.numel() for p in paper.parameters())
    assert n_paper == R.expected_parameter_count(R.PAPER_CONFIG)["total"] == 39220641
    checks.append("paper config: 39,220,641 parameters (== authors-code notes 1.11)")
    del paper
    param_names = [k for k, _ in model.named_parameters()]

    inputs32 = make_inputs()
    model = model.double()
    inp = {k: v.double() for k, v in inputs32.items()}
    ct, mr, ct_t, mr_t, lam_map = inp["ct"], inp["mr"], inp["ct_target"], inp["mr_target"], inp["lambda_map"]

    out = {}
    for k, v in params32.items():
        out["param." + k] = v.numpy()
    for k, v in inputs32.items():
        out["input." + k] = v.numpy()

    # -- eval ---------------------------------------------------------------------------------
    model.eval()
    with torch.no_grad():
        tokens = model.tokens(ct, mr)
        q = model.quarters(tokens)
        fused = model.fused_features(q)
        out["eval.tokens"] = f32(tokens)
        out["eval.fused_features"] = f32(fused)
        for name, lam in (("0", 0.0), ("0.3", 0.3), ("0.5", 0.5), ("1", 1.0)):
            out[f"eval.fused.lambda_{name}"] = f32(model.decode(fused, lam32(lam)))
        for mod in ("ct", "mr"):
            o0, o1 = model.single_modality_outputs(ct, mr, [0.0, 1.0], mod)
            out[f"eval.com_{mod}.lambda_0"] = f32(o0)
            out[f"eval.com_{mod}.lambda_1"] = f32(o1)
        out["eval.fused.lambda_map"] = f32(model.decode(fused, lam_map))
        const = torch.full_like(lam_map, lam32(0.3))
        const_out = model.decode(fused, const)
        scalar_out = model.decode(fused, lam32(0.3))
        out["eval.fused.constant_map_0.3"] = f32(const_out)
        d = (const_out - scalar_out).abs().max().item()
        assert d < 1e-12, d
        checks.append(f"constant 0.3 map == scalar 0.3 (float64 max |diff| {d:.1e})")
        # the same through the public inference entry point
        d2 = (model.fused_outputs(ct, mr, [lam32(0.3)])[0] - scalar_out).abs().max().item()
        assert d2 == 0.0
        # the lambda map must actually do something: compare against the two global extremes
        m = model.decode(fused, lam_map)
        assert (m - scalar_out).abs().max() > 1e-3
        # a map that is 0 on the left half and 1 on the right half: left columns far from the
        # boundary are not equal to lambda 0 (instance-norm statistics are global) but differ
        # from the lambda-1 output much more than from the lambda-0 output there.
        half = torch.zeros_like(lam_map)
        half[..., CFG["input_size"] // 2:] = 1.0
        oh = model.decode(fused, half)
        o0, o1 = model.decode(fused, 0.0), model.decode(fused, 1.0)
        left = (slice(None), slice(None), slice(None), slice(0, 8))
        assert (oh - o0)[left].abs().mean() < (oh - o1)[left].abs().mean()
        checks.append("half-0/half-1 map: left side closer to lambda 0 than to lambda 1")
        # per-sample lambda [B,1] agrees with scalar lambda
        d3 = (model.decode(fused, torch.full((2, 1), lam32(0.3), dtype=torch.float64)) - scalar_out).abs().max().item()
        assert d3 == 0.0
        # authors-style forward: fused/com outputs equal the pieces
        r = model(ct, mr, [0.0, 1.0], com_choice="mr")
        assert torch.equal(r["out"][1], model.decode(fused, 1.0))
        for a, b in zip(r["out_com"], model.single_modality_outputs(ct, mr, [0.0, 1.0], "mr")):
            assert torch.equal(a, b)

    # -- train --------------------------------------------------------------------------------
    model.train()
    model.zero_grad(set_to_none=True)
    loss, terms, (r1, r2) = R.training_loss(model, ct, mr, ct_t, mr_t, com_choice="ct", com_choice_half="ct")
    loss.backward()
    out["train.loss"] = np.array([loss.item()], dtype=np.float32)
    term_names = ["l1_ct", "l1_mr", "l1_ct_com", "l1_mr_com", "feature", "fusion"]
    out["train.loss_terms"] = np.array([terms[t].item() for t in term_names], dtype=np.float32)
    out["train.fused.lambda_0"] = f32(r1["out"][0])
    out["train.fused.lambda_1"] = f32(r1["out"][1])
    out["train.com_ct.lambda_0"] = f32(r1["out_com"][0])
    out["train.com_ct.lambda_1"] = f32(r1["out_com"][1])
    out["train.fused.lambda_0.5"] = f32(r2["out"][0])
    print("train loss", loss.item(), {t: round(terms[t].item(), 6) for t in term_names})
    grads = {}
    zero_grad_params = []
    for name, p in model.named_parameters():
        g = p.grad if p.grad is not None else torch.zeros_like(p)
        if p.grad is None:
            zero_grad_params.append(name)
        grads[name] = g.detach().clone()
    live = [n for n in param_names if n not in zero_grad_params]
    assert all(n.startswith(("encoder1.model2", "encoder2.model2")) or n == "cls_token_mri"
               for n in zero_grad_params), zero_grad_params
    assert len(zero_grad_params) == 2 * 2 * 2 * CFG["encoder_res_blocks"] + 1
    # Biases of convolutions whose output is normalised per channel over the same channel
    # (instance norm, CIN, train-mode BatchNorm) have a gradient that is mathematically zero;
    # autograd gives float64 rounding noise there, stored as exact zeros.
    structural = sorted(n for n in live if grads[n].abs().max() < 1e-13)
    expected_structural = sorted(
        [f"encoder{e}.model.{i}.conv.bias" for e in (1, 2) for i in range(1 + CFG["downsamplings"])]
        + ["decoder.model.0.conv_block.0.module1.bias", "decoder.model.0.conv_block.2.bias"]
        + [f"decoder.model.{1 + 3 * i}.bias" for i in range(CFG["downsamplings"])]
        + ["upsampling1.0.bias", "upsampling2.0.bias"])
    assert structural == expected_structural, (structural, expected_structural)
    noise = max(grads[n].abs().max().item() for n in structural)
    for n in structural:
        grads[n] = torch.zeros_like(grads[n])
    for n in live:
        if n not in structural:
            assert grads[n].abs().max() > 1e-6, f"gradient of {n} is (nearly) zero"
    for name in param_names:
        out["grad." + name] = f32(grads[name])
    checks.append(f"{len(live) - len(structural)} live parameter tensors have a clearly non-zero gradient; "
                  f"{len(structural)} conv biases feeding a per-channel normalisation have a mathematically "
                  f"zero gradient (autograd float64 noise <= {noise:.0e}, stored as 0); "
                  f"{len(zero_grad_params)} dead tensors (encoder model2, cls_token_mri) get none (stored as 0)")

    # determinism of the train loss (BatchNorm running stats changed in between: no effect)
    loss2 = R.training_loss(model, ct, mr, ct_t, mr_t, com_choice="ct", com_choice_half="ct")[0]
    assert loss2.item() == loss.item()
    checks.append("train loss identical on a second evaluation (running-stat updates irrelevant)")

    # -- gradcheck ----------------------------------------------------------------------------
    wrapper = LossWrapper(model)
    all_params = dict(model.named_parameters())
    from torch.nn.utils.stateless import functional_call

    def loss_of(names):
        def f(*tensors):
            return functional_call(wrapper, {"net." + n: t for n, t in zip(names, tensors)},
                                   (ct, mr, ct_t, mr_t))
        return f

    subset = [
        "encoder1.model.0.conv.bias", "encoder2.model.2.conv.bias", "to_patch_embedding.0.bias",
        "cls_token_ct", "pos_embedding", "transformer.layers.0.0.norm.weight",
        "transformer.layers.0.0.norm.bias", "transformer.layers.1.0.fn.to_out.0.bias",
        "transformer.layers.1.1.norm.weight", "transformer.layers.0.1.fn.net.0.bias",
        "transformer.layers.1.1.fn.net.3.bias", "upsampling1.0.bias", "upsampling1.1.weight",
        "upsampling1.1.bias", "upsampling2.1.weight", "upsampling2.0.bias", "G_D.weight", "G_D.bias",
        "decoder.model.0.conv_block.0.module1.bias",
        "decoder.model.0.conv_block.0.module2.scale_conv.0.bias",
        "decoder.model.0.conv_block.0.module2.shift_conv.0.bias",
        "decoder.model.0.conv_block.2.bias", "decoder.model.0.conv_block.3.scale",
        "decoder.model.0.conv_block.3.shift", "decoder.model.1.bias",
        "decoder.model.2.shift_conv.0.bias", "decoder.model.5.scale_conv.0.weight",
        "decoder.model.4.bias", "decoder.model.8.weight", "decoder.model.8.bias",
    ]
    tens = tuple(all_params[n].detach().clone().requires_grad_(True) for n in subset)
    n_el = sum(t.numel() for t in tens)
    ok = torch.autograd.gradcheck(loss_of(subset), tens, eps=1e-6, atol=1e-7, rtol=1e-5)
    assert ok
    checks.append(f"torch.autograd.gradcheck (full Jacobian, float64, eps 1e-6, atol 1e-7, rtol 1e-5) "
                  f"on {len(subset)} parameter tensors / {n_el} elements")
    tens = tuple(all_params[n].detach().clone().requires_grad_(True) for n in live)
    ok = torch.autograd.gradcheck(loss_of(live), tens, eps=1e-6, atol=1e-7, rtol=1e-5, fast_mode=True)
    assert ok
    checks.append(f"torch.autograd.gradcheck fast_mode (random directions) on all {len(live)} live "
                  f"parameter tensors")
    # spot check of the STORED (float32) gradients against float64 central differences
    gen = torch.Generator().manual_seed(2)
    worst = 0.0
    f_all = loss_of(live)
    base = [all_params[n].detach().clone() for n in live]
    with torch.no_grad():
        for i, n in enumerate(live):
            flat_idx = torch.randint(0, base[i].numel(), (2,), generator=gen)
            for j in flat_idx.tolist():
                plus = [b.clone() for b in base]
                minus = [b.clone() for b in base]
                plus[i].view(-1)[j] += 1e-6
                minus[i].view(-1)[j] -= 1e-6
                fd = (f_all(*plus) - f_all(*minus)).item() / 2e-6
                stored = float(out["grad." + n].reshape(-1)[j])
                err = abs(fd - stored) / max(1e-3, abs(fd))  # absolute below 1e-3
                worst = max(worst, err)
    assert worst < 1e-4, worst
    checks.append(f"stored float32 gradients vs float64 central differences at 2 random elements of "
                  f"every live tensor: worst relative error {worst:.1e}")

    # -- write ----------------------------------------------------------------------------------
    for k, v in out.items():
        assert np.all(np.isfinite(v)), k
    meta = {"description": "MSL golden fixture (tiny config); see msl_golden.json",
            "config": json.dumps(CFG, sort_keys=True), "parameter_count": str(n_params),
            "generator": "Tests/MSLModelTests/Fixtures/make_msl_golden.py", "torch": torch.__version__}
    st_path = os.path.join(HERE, "msl_golden.safetensors")
    R.write_safetensors(st_path, out, meta)

    shapes = {k: list(np.asarray(v).shape) for k, v in sorted(out.items())}
    doc = {
        "file": "msl_golden.safetensors",
        "generator": "Tests/MSLModelTests/Fixtures/make_msl_golden.py (uses msl_reference.py); "
                     "run with /usr/bin/python3 (Debian python3-torch " + torch.__version__ + ")",
        "config": CFG,
        "derived": {"encoder_channels": [4, 8, 16], "encoder_output": [16, 8, 8],
                    "tokens_per_modality": 4, "token_grid": [2, 2], "sequence_length": 17,
                    "attention_inner_dim": CFG["heads"] * CFG["head_dim"],
                    "upsampling": "[64,2,2] -> [32,4,4] -> [16,8,8]",
                    "decoder_CIN_resolutions": [8, 16, 32]},
        "parameter_count": {"total": n_params, **hand},
        "numerics": "Parameters and inputs are float32 values (stored exactly). The model was run in "
                    "float64 on those values (float32 -> float64 is exact) and every output, loss and "
                    "gradient was rounded to float32 for storage. Lambda values 0.3 and 0.5 are the float32 "
                    "numbers (e.g. 0.300000011920929) used as float64.",
        "conventions": {
            "lambda": "0 -> CT, 1 -> MR; scalar lambda -> z = G_D([[lambda]]) as [1,16,1,1] broadcast over batch",
            "token_order": "[cls | CT tokens | CT tokens | MR tokens | MR tokens], tokens row-major from the "
                           "2x2 patch grid; each token L2-normalised (eps 1e-12) before adding pos_embedding",
            "quarters": "transformer output without cls split into q1 (0..3, CT copy 1), q2 (4..7, CT copy 2), "
                        "q3 (8..11, MR copy 1), q4 (12..15, MR copy 2)",
            "fused": "(q1+q4+q2+q3)/4 -> [B,T,D] -> transpose -> [B,D,2,2] -> upsampling1 -> upsampling2",
            "com_ct": "(q2+q1)/2 -> same reshape and upsampling; com_mr: (q4+q3)/2",
            "lambda_map": "[B,1,32,32]; a CIN layer at r x r uses z = G_D applied per pixel to the map "
                          "average-pooled with kernel=stride=32/r (r = 8, 16, 32), z: [B,16,r,r]; "
                          "gamma = ReLU(scale_conv(z)), beta = ReLU(shift_conv(z)) per pixel; the "
                          "normalisation statistics (unbiased variance, eps 1e-5) are unchanged",
            "encoder_res_blocks": "encoderX.model2 is built (parameters stored) but never executed",
        },
        "initialisation": "torch.manual_seed(0); MSLNet(config) constructed in the authors' order "
                          "(encoder1, encoder2, decoder, G_D, to_patch_embedding, pos_embedding, cls_token_ct, "
                          "cls_token_mri, transformer, upsampling1, upsampling2) with PyTorch default init, "
                          "pos/cls ~ N(0,1), decoder InstanceNorm scale ~ N(0,0.02); then from the same RNG: "
                          "for upsampling1.1 then upsampling2.1: weight = 1+0.1*randn, bias = 0.1*randn, "
                          "running_mean = 0.1*randn, running_var = 1+0.1*rand; then "
                          "decoder.model.0.conv_block.3.scale = 1+0.1*randn, .shift = 0.1*randn.",
        "inputs": "torch.Generator seeded 1; each image = bicubic (align_corners) upsampling of a uniform "
                  "random coarse grid (6x6; 4x4 for the lambda map) to 32x32, min-max normalised per image to "
                  "[0,1], float32; drawn in the order ct, mr, ct_target, mr_target, lambda_map (2 images each).",
        "train_loss": {
            "mode": "model.train(): BatchNorm uses batch statistics (biased variance for normalisation); "
                    "dropout p = 0; the com-path choice is forced to CT tokens in both forward calls "
                    "(the authors draw a coin per forward call).",
            "forward_1": "model(input.ct, input.mr, lambdas=[zeros(2,1), ones(2,1)]) -> fused outputs "
                         "out0, out1; com(CT) outputs com0, com1; quarters q1..q4",
            "forward_2": "model(input.ct, input.mr, lambdas=[full((1,1), 0.5)]) -> fused output out05 "
                         "(a second full forward: encoders, transformer, BatchNorm batch statistics again)",
            "loss": "L1(out0, ct_target) + L1(out1, mr_target) + L1(com0, ct_target) + L1(com1, mr_target) "
                    "+ 0.5 * (L1(q1, q3) + L1(q2, q4)) + 1.0 * (0.5 * MSE(out05, ct_target) + "
                    "0.5 * MSE(out05, mr_target)); every L1/MSE is a mean over all elements",
            "loss_terms_order": term_names,
            "gradients": "grad.<key> = d train.loss / d parameter, for every parameter (not for the "
                         "BatchNorm running_mean/running_var buffers); encoder model2 (residual blocks) and "
                         "cls_token_mri receive no gradient and are stored as zeros",
            "structurally_zero_gradients": structural,
            "structurally_zero_note": "biases of convolutions followed by a per-channel normalisation over "
                                      "the same channel (encoder InstanceNorm, decoder CIN / affine IN, train-mode "
                                      "BatchNorm) have a mathematically zero gradient; autograd's float64 "
                                      "rounding noise (<= 1e-16) was replaced by exact 0: compare these with an "
                                      "absolute tolerance",
        },
        "verification": checks,
        "crosscheck_with_authors_code": "one-off, outside this script: the authors' MyNet_fusion "
                                        "(HKU-MedAI/MSL eca7349, networks/*.py with an einops shim) with its "
                                        "hard-coded sizes patched to this config builds, from torch.manual_seed(0), "
                                        "exactly the same initial parameters; loaded with param.* (+ aliases) it "
                                        "reproduces every eval.* output checked (fused, com_ct, com_mr, "
                                        "fused_features) bit-exactly after float32 rounding, and train.py's loss and "
                                        "gradients (com coin forced to CT) to float32 rounding.",
        "tensors": {},
    }
    desc = {
        "input.ct": "CT input (FBP-like image), [B,1,32,32] in [0,1]",
        "input.mr": "MR input (zero-filled magnitude-like image)",
        "input.ct_target": "CT target for the train loss",
        "input.mr_target": "MR target for the train loss",
        "input.lambda_map": "spatial lambda map in [0,1] at the input resolution",
        "eval.tokens": "eval: transformer output without the class token [B,16,64]",
        "eval.fused_features": "eval: fused representation after upsampling2 [B,16,8,8]",
        "eval.fused.lambda_0": "eval: fused path, lambda 0 (CT)",
        "eval.fused.lambda_0.3": "eval: fused path, lambda float32(0.3)",
        "eval.fused.lambda_0.5": "eval: fused path, lambda 0.5",
        "eval.fused.lambda_1": "eval: fused path, lambda 1 (MR)",
        "eval.com_ct.lambda_0": "eval: single-modality (com) path forced to CT tokens (q1,q2), lambda 0",
        "eval.com_ct.lambda_1": "eval: com path forced to CT tokens, lambda 1",
        "eval.com_mr.lambda_0": "eval: com path forced to MR tokens (q3,q4), lambda 0",
        "eval.com_mr.lambda_1": "eval: com path forced to MR tokens, lambda 1",
        "eval.fused.lambda_map": "eval: fused path decoded with input.lambda_map",
        "eval.fused.constant_map_0.3": "eval: fused path decoded with a constant float32(0.3) map "
                                       "(equals eval.fused.lambda_0.3 to float64 rounding)",
        "train.loss": "train: the authors' one-iteration loss (see train_loss)",
        "train.loss_terms": "train: [l1_ct, l1_mr, l1_ct_com, l1_mr_com, feature, fusion] (unweighted; "
                            "feature = L1(q1,q3)+L1(q2,q4), fusion = 0.5*MSE(out05,ct)+0.5*MSE(out05,mr))",
        "train.fused.lambda_0": "train forward 1: fused output lambda 0 (BatchNorm batch statistics)",
        "train.fused.lambda_1": "train forward 1: fused output lambda 1",
        "train.com_ct.lambda_0": "train forward 1: com(CT) output lambda 0",
        "train.com_ct.lambda_1": "train forward 1: com(CT) output lambda 1",
        "train.fused.lambda_0.5": "train forward 2: fused output lambda 0.5 ([1,1] lambda)",
    }
    for k, s in shapes.items():
        if k.startswith("param."):
            d_ = "parameter/buffer, state_dict key " + k[6:]
        elif k.startswith("grad."):
            d_ = "d train.loss / d " + k[5:]
        else:
            d_ = desc[k]
        doc["tensors"][k] = {"shape": s, "what": d_}
    doc["state_dict_keys"] = {k: list(v.shape) for k, v in params32.items()}
    with open(os.path.join(HERE, "msl_golden.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("\n".join(checks))
    print("wrote", st_path, os.path.getsize(st_path), "bytes;", len(out), "tensors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
