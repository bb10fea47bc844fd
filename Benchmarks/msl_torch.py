#!/usr/bin/env python3
"""PyTorch CPU timing anchor for the Swift MSL network (`msl bench msl`).

Purpose
    Times the MSL network's inference and training steps, per slice, in the
    independent PyTorch replica of the authors' network
    (Tests/MSLModelTests/Fixtures/msl_reference.py, imported by path), on the
    configuration and thread count the Swift benchmark uses, so that both are
    measured on the same shapes in the same run.

Usage
    python3 Benchmarks/msl_torch.py --config JSON [--threads 2] [--repeats 3]
                                    [--warmup 1] [--training-batch 4]
                                    [--reference PATH]

    --config JSON        the network configuration as msl_reference.py's dict
                         (input_size, base_channels, downsamplings, patch_size,
                         model_dim, depth, heads, head_dim, mlp_dim,
                         latent_dim, dropout, encoder_res_blocks); `paper` and
                         `compact` are accepted as shorthands.
    --threads N          torch.set_num_threads(N); inter-op threads are 1.
    --repeats N          timed runs per case; the median is reported.
    --warmup N           untimed runs before the timed ones.
    --training-batch B   also time one training iteration at batch B
                         (0, the default: skip).
    --bins N             Parzen mutual-information bins of the lambda-map step.
    --reference PATH     msl_reference.py (default: next to the repository's
                         MSLModel tests).

    If PyTorch cannot be imported, one line goes to stderr and the exit
    status is 3 (the Swift side treats that as "anchor skipped"). On Debian,
    PyTorch comes from `apt-get install python3-torch` and is run with
    /usr/bin/python3.

What is timed (batch 1 unless stated; random weights under
torch.manual_seed(0), inputs uniform in [0, 1])
    encode          eval mode, no grad: encoders, patch embedding,
                    transformer, fused-token upsampling (`fused_features`).
    decode          eval mode, no grad: the decoder for lambda = 0.5, output
                    clamped to [0, 1] (as MSLReconstructor.decode).
    encode_decode5  encode, then decode lambda 0, 0.3, 0.5, 0.7, 1.
    lambda_map_step one step of the Swift LambdaMapOptimiser, same objective:
                    theta [1,1,F,F] -> sigmoid -> repeated to N x N -> decode
                    with the map; 1/2 MI(image, MSL-CT) + 1/2 MI(image,
                    MSL-MR) (Parzen, 32 bins, sigma one bin) - 0.001 TV(map);
                    backward of its negative; Adam (lr 0.05) step on theta.
                    As in Swift, the image's Parzen weights are computed once
                    per step and MSL-CT's and MSL-MR's once for all steps.
                    Eval mode; the network's parameters do not require grad
                    during the step (as in the Swift optimiser), so only the
                    gradient reaching theta is computed.
    training        train mode: the loss of MSLNetwork.trainingLoss (the
                    authors' loss with the single-modality choice fixed to
                    CT): first forward with lambda 0 and 1 on the fused and
                    CT-token paths plus the quarter alignment, second forward
                    with lambda 0.5 on the fused path (and the CT-token
                    upsampling without grad, for BatchNorm's statistics);
                    backward; Adam step. `training_authors_seconds` times
                    msl_reference.training_loss as written (its second forward
                    also decodes the discarded CT-token output).

Output
    stdout carries exactly one JSON object (progress goes to stderr):

    {"torch_version": "1.13.1", "threads": 2, "repeats": 3,
     "encode_seconds": ..., "decode_seconds": ..., "encode_decode5_seconds":
     ..., "lambda_map_step_seconds": ..., "training_seconds": null or ...,
     "training_authors_seconds": null or ..., "training_batch": 0 or B,
     "peak_rss_bytes": ...}

    peak_rss_bytes is this process's getrusage ru_maxrss (torch import
    included).
"""

import argparse
import importlib.util
import json
import os
import resource
import statistics
import sys
import time

LAMBDAS = (0.0, 0.3, 0.5, 0.7, 1.0)
PRESETS = {
    "paper": dict(input_size=384, base_channels=64, downsamplings=2, patch_size=4, model_dim=1024, depth=2,
                  heads=8, head_dim=64, mlp_dim=3072, latent_dim=16, dropout=0.1, encoder_res_blocks=3),
    "compact": dict(input_size=128, base_channels=16, downsamplings=2, patch_size=4, model_dim=256, depth=2,
                    heads=4, head_dim=32, mlp_dim=768, latent_dim=16, dropout=0.1, encoder_res_blocks=3),
}


def load_reference(path):
    spec = importlib.util.spec_from_file_location("msl_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_seconds(body, repeats, warmup):
    for _ in range(warmup):
        body()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        body()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def parzen_weights(v, bins, kernel_width=1.0):
    """As the Swift ParzenMutualInformation.weights: per pixel, softmax over the bins of
    -(v - c_k)^2 / 2 sigma^2 (the normalised Gaussian kernel), [n, bins]."""
    import torch

    centres = (torch.arange(bins, dtype=torch.float32) + 0.5) / bins
    sigma = kernel_width / bins
    return torch.softmax((v.reshape(-1, 1) - centres[None, :]) ** 2 * (-0.5 / (sigma * sigma)), dim=1)


def parzen_mi(x_weights_t, y_weights):
    """MI from the weights of x (transposed, [bins, n]) and of y ([n, bins])."""
    import torch

    joint = x_weights_t @ y_weights * (1.0 / y_weights.shape[0])
    px = joint.sum(1, keepdim=True)
    py = joint.sum(0, keepdim=True)
    eps = 1e-12
    return (joint * (torch.log(joint + eps) - torch.log(px + eps) - torch.log(py + eps))).sum()


def total_variation(x):
    return (x[..., 1:, :] - x[..., :-1, :]).abs().sum() + (x[..., :, 1:] - x[..., :, :-1]).abs().sum()


def measure(ref, config, opts):
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    model = ref.MSLNet(config)
    n = config["input_size"]
    grid = n // 2 ** config["downsamplings"]
    ct = torch.rand(1, 1, n, n)
    mr = torch.rand(1, 1, n, n)
    result = {}

    # -- inference ----------------------------------------------------------------------------
    model.eval()

    def encode():
        return model.fused_features(model.quarters(model.tokens(ct, mr)))

    def decode(features, lam):
        return model.decode(features, lam).clamp(0, 1)

    with torch.no_grad():
        features = encode()
        progress("encode")
        result["encode_seconds"] = median_seconds(encode, opts.repeats, opts.warmup)
        progress("decode one lambda")
        result["decode_seconds"] = median_seconds(lambda: decode(features, 0.5), opts.repeats, opts.warmup)

        def encode_decode5():
            f = encode()
            return [decode(f, lam) for lam in LAMBDAS]

        progress("encode + 5 lambdas")
        result["encode_decode5_seconds"] = median_seconds(encode_decode5, opts.repeats, opts.warmup)
        ct_weights = parzen_weights(model.decode(features, 0.0), opts.bins)
        mr_weights = parzen_weights(model.decode(features, 1.0), opts.bins)

    # -- one lambda-map step (LambdaMapOptimiser) ---------------------------------------------
    for p in model.parameters():
        p.requires_grad_(False)
    theta = torch.zeros(1, 1, grid, grid, requires_grad=True)
    adam = torch.optim.Adam([theta], lr=0.05)
    factor = n // grid

    def lambda_map_step():
        coarse = torch.sigmoid(theta)
        full = (coarse.reshape(1, 1, grid, 1, grid, 1) * torch.ones(1, 1, 1, factor, 1, factor)).reshape(1, 1, n, n)
        image = model.decode(features, full)
        image_weights_t = parzen_weights(image, opts.bins).t()
        mi = (parzen_mi(image_weights_t, ct_weights) + parzen_mi(image_weights_t, mr_weights)) * 0.5
        value = mi - total_variation(coarse) * 0.001
        adam.zero_grad(set_to_none=True)
        (-value).backward()
        adam.step()
        return float(value)

    progress("lambda-map step")
    result["lambda_map_step_seconds"] = median_seconds(lambda_map_step, opts.repeats, opts.warmup)
    for p in model.parameters():
        p.requires_grad_(True)

    # -- one training iteration ---------------------------------------------------------------
    result["training_batch"] = opts.training_batch
    result["training_seconds"] = None
    result["training_authors_seconds"] = None
    if opts.training_batch > 0:
        b = opts.training_batch
        model.train()
        ct_in, mr_in = torch.rand(b, 1, n, n), torch.rand(b, 1, n, n)
        ct_target, mr_target = torch.rand(b, 1, n, n), torch.rand(b, 1, n, n)
        optimiser = torch.optim.Adam(model.parameters(), lr=1e-4)

        def msl_loss():
            """MSLNetwork.trainingLoss(batch, single: .ctOnly)."""
            q = model.quarters(model.tokens(ct_in, mr_in))
            fused = model.fused_features(q)
            com = model.com_features(q, "ct")
            reconstruction = F.l1_loss(model.decode(fused, 0.0), ct_target) \
                + F.l1_loss(model.decode(fused, 1.0), mr_target)
            single = F.l1_loss(model.decode(com, 0.0), ct_target) + F.l1_loss(model.decode(com, 1.0), mr_target)
            alignment = F.l1_loss(q[0], q[2]) + F.l1_loss(q[1], q[3])
            q2 = model.quarters(model.tokens(ct_in, mr_in))
            half = model.decode(model.fused_features(q2), 0.5)
            with torch.no_grad():
                model.com_features(q2, "ct")
            fusion = 0.5 * F.mse_loss(half, ct_target) + 0.5 * F.mse_loss(half, mr_target)
            return reconstruction + single + 0.5 * alignment + fusion

        def authors_loss():
            return ref.training_loss(model, ct_in, mr_in, ct_target, mr_target, com_choice="ct",
                                     com_choice_half="ct")[0]

        def iteration(loss_fn):
            optimiser.zero_grad(set_to_none=True)
            loss = loss_fn()
            loss.backward()
            optimiser.step()
            optimiser.zero_grad(set_to_none=True)

        progress(f"training iteration, batch {b}")
        result["training_seconds"] = median_seconds(lambda: iteration(msl_loss), opts.repeats, opts.warmup)
        progress(f"training iteration as msl_reference.training_loss, batch {b}")
        result["training_authors_seconds"] = median_seconds(lambda: iteration(authors_loss), opts.repeats,
                                                            opts.warmup)
    return result


def progress(message):
    print(f"msl_torch.py: {message} ...", file=sys.stderr, flush=True)


def main():
    default_reference = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "Tests",
                                     "MSLModelTests", "Fixtures", "msl_reference.py")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--training-batch", type=int, default=0)
    parser.add_argument("--bins", type=int, default=32)
    parser.add_argument("--reference", default=os.path.normpath(default_reference))
    opts = parser.parse_args()
    if opts.repeats < 1 or opts.warmup < 0 or opts.threads < 1 or opts.training_batch < 0:
        parser.error("need --repeats >= 1, --warmup >= 0, --threads >= 1, --training-batch >= 0")
    config = PRESETS.get(opts.config) or json.loads(opts.config)

    try:
        import torch
    except Exception:  # ImportError, or a broken install failing on import
        print("msl_torch.py: PyTorch not installed (Debian: apt-get install python3-torch); anchor skipped",
              file=sys.stderr)
        return 3
    torch.set_num_threads(opts.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already set, or parallel work has already started
        pass

    ref = load_reference(opts.reference)
    result = measure(ref, config, opts)
    result.update(torch_version=torch.__version__, threads=opts.threads, repeats=opts.repeats,
                  peak_rss_bytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
