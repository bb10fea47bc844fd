#!/usr/bin/env python3
"""Independent PyTorch reference of the MSL network (multi-sensor learning, CT + MR).

Written from the description of the authors' code (HKU-MedAI/MSL, `MyNet_fusion`) in
`shared/reference/msl-authors-code.md`, sections 1 and 4; used by `make_msl_golden.py` to produce
the golden fixture the Swift `MSL` target is tested against.  Runs with `/usr/bin/python3`
(Debian python3-torch 1.13); needs only torch (no einops, no safetensors package).

Module and attribute names reproduce the authors' so that `state_dict()` keys are those of their
checkpoints (after `convert_checkpoint.py` has dropped `num_batches_tracked` and the duplicate
`decoder.model.0.<digit>.` aliases, which this module tree never registers):

    encoder1/encoder2 .model.{0,1,2}.conv           Conv2dBlocks (pad -> conv -> IN -> ReLU)
    encoder1/encoder2 .model2.{i}.model.{0,1}.conv  residual blocks: built, never executed
    to_patch_embedding.0                            shared Conv2d(C_enc, D, k=p, s=p)
    pos_embedding, cls_token_ct, cls_token_mri      (cls_token_mri unused)
    transformer.layers.{i}.0.norm / .0.fn.to_qkv / .0.fn.to_out.0
    transformer.layers.{i}.1.norm / .1.fn.net.0 / .1.fn.net.3
    upsampling1/2 .0 (ConvTranspose2d) .1 (BatchNorm2d)
    G_D                                             Linear(1, latent)
    decoder.model.0.conv_block.{0.module1, 0.module2.{shift,scale}_conv.0, 2, 3.{scale,shift}}
    decoder.model.{1,4} ConvTranspose2d, {2,5} CondInstanceNorm, 8 Conv2d 7x7

Conventions: lambda = 0 -> CT, lambda = 1 -> MR.  Token sequence [cls | CT | CT | MR | MR].

Extension beyond the authors' code (agreed with the Swift implementation): a spatial lambda map
L of shape [B, 1, H, W] at the input resolution.  A CIN layer running at r x r uses
z = G_D applied per pixel to L area-averaged to r x r (average pooling, kernel = stride = H / r,
exact integer factor), i.e. z is [B, latent, r, r] and gamma/beta become per-pixel maps
(ReLU(1x1 conv(z))).  A constant map gives exactly the scalar-lambda result (up to rounding).
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

PAPER_CONFIG = dict(
    input_size=384, base_channels=64, downsamplings=2, patch_size=4, model_dim=1024, depth=2,
    heads=8, head_dim=64, mlp_dim=3072, latent_dim=16, dropout=0.1, encoder_res_blocks=3,
)

TINY_CONFIG = dict(
    input_size=32, base_channels=4, downsamplings=2, patch_size=4, model_dim=64, depth=2,
    heads=2, head_dim=16, mlp_dim=96, latent_dim=16, dropout=0.0, encoder_res_blocks=3,
)


# ------------------------------------------------------------------------------------------------
# encoder pieces (MUNIT style)
# ------------------------------------------------------------------------------------------------
class Conv2dBlock(nn.Module):
    """Explicit padding -> Conv2d (bias) -> optional non-affine InstanceNorm -> optional ReLU."""

    def __init__(self, cin, cout, kernel, stride, padding, pad_type="reflect", norm=True, relu=True):
        super().__init__()
        if pad_type == "reflect":
            self.pad = nn.ReflectionPad2d(padding)
        else:
            self.pad = nn.ZeroPad2d(padding)
        # nn.InstanceNorm2d defaults: affine=False, no running stats, eps 1e-5, biased variance.
        self.norm = nn.InstanceNorm2d(cout) if norm else None
        self.activation = nn.ReLU() if relu else None
        self.conv = nn.Conv2d(cin, cout, kernel, stride, bias=True)

    def forward(self, x):
        x = self.conv(self.pad(x))
        if self.norm is not None:
            x = self.norm(x)
        if self.activation is not None:
            x = self.activation(x)
        return x


class ResBlock(nn.Module):
    """Two 3x3 Conv2dBlocks (reflect pad 1, IN; ReLU on the first only); out = x + branch."""

    def __init__(self, dim):
        super().__init__()
        self.model = nn.Sequential(
            Conv2dBlock(dim, dim, 3, 1, 1, relu=True),
            Conv2dBlock(dim, dim, 3, 1, 1, relu=False),
        )

    def forward(self, x):
        return x + self.model(x)


class ContentEncoder(nn.Module):
    """`model`: c7s1-C, then `downsamplings` x d(2C); `model2`: residual blocks (never run by MSL)."""

    def __init__(self, downsamplings, res_blocks, cin, dim):
        super().__init__()
        layers = [Conv2dBlock(cin, dim, 7, 1, 3)]
        for _ in range(downsamplings):
            layers.append(Conv2dBlock(dim, 2 * dim, 4, 2, 1))
            dim *= 2
        self.model = nn.Sequential(*layers)
        self.model2 = nn.Sequential(*[ResBlock(dim) for _ in range(res_blocks)])
        self.output_dim = dim

    def forward(self, x):  # the full encoder; MSLNet deliberately calls only `.model`
        return self.model2(self.model(x))


# ------------------------------------------------------------------------------------------------
# transformer (lucidrains ViT style, pre-norm)
# ------------------------------------------------------------------------------------------------
class TokensFromGrid(nn.Module):
    """[B, C, h, w] -> [B, h*w, C], row-major (h outer, w inner)."""

    def forward(self, x):
        b, c, h, w = x.shape
        return x.reshape(b, c, h * w).transpose(1, 2)


class PreNorm(nn.Module):
    def __init__(self, dim, fn):
        super().__init__()
        self.norm = nn.LayerNorm(dim)  # affine, eps 1e-5
        self.fn = fn

    def forward(self, x):
        return self.fn(self.norm(x))


class FeedForward(nn.Module):
    def __init__(self, dim, hidden, dropout):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(dim, hidden), nn.GELU(), nn.Dropout(dropout),  # GELU: exact erf form
            nn.Linear(hidden, dim), nn.Dropout(dropout),
        )

    def forward(self, x):
        return self.net(x)


class Attention(nn.Module):
    def __init__(self, dim, heads, head_dim, dropout):
        super().__init__()
        inner = heads * head_dim
        self.heads = heads
        self.head_dim = head_dim
        self.scale = head_dim ** -0.5
        self.attend = nn.Softmax(dim=-1)
        self.dropout = nn.Dropout(dropout)
        self.to_qkv = nn.Linear(dim, 3 * inner, bias=False)
        # The authors only skip the projection when heads == 1 and head_dim == dim.
        assert not (heads == 1 and head_dim == dim), "projection-free attention not supported"
        self.to_out = nn.Sequential(nn.Linear(inner, dim), nn.Dropout(dropout))

    def forward(self, x):
        b, n, _ = x.shape
        q, k, v = self.to_qkv(x).chunk(3, dim=-1)  # each [b, n, heads*head_dim], head outer

        def split(t):
            return t.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)  # [b, h, n, d]

        q, k, v = split(q), split(k), split(v)
        attn = self.dropout(self.attend(torch.matmul(q, k.transpose(-1, -2)) * self.scale))
        out = torch.matmul(attn, v).transpose(1, 2).reshape(b, n, self.heads * self.head_dim)
        return self.to_out(out)


class Transformer(nn.Module):
    def __init__(self, dim, depth, heads, head_dim, mlp_dim, dropout):
        super().__init__()
        self.layers = nn.ModuleList([
            nn.ModuleList([
                PreNorm(dim, Attention(dim, heads, head_dim, dropout)),
                PreNorm(dim, FeedForward(dim, mlp_dim, dropout)),
            ])
            for _ in range(depth)
        ])

    def forward(self, x):  # no final LayerNorm
        for attn, ff in self.layers:
            x = attn(x) + x
            x = ff(x) + x
        return x


# ------------------------------------------------------------------------------------------------
# lambda conditioning (scalar / per-sample / spatial map)
# ------------------------------------------------------------------------------------------------
class LambdaCondition:
    """What the decoder's CIN layers are conditioned on.

    lam: a Python number, a tensor [N, 1] (N = 1 or B; as the authors, z = G_D(lam) reshaped to
    [N, latent, 1, 1], broadcasting over the batch), or a spatial map [B, 1, H, W] (our extension).
    """

    def __init__(self, g_d, lam, like):
        self.g_d = g_d
        if not torch.is_tensor(lam):
            lam = torch.tensor([[float(lam)]], dtype=like.dtype, device=like.device)
        self.lam = lam.to(dtype=like.dtype)
        if self.lam.dim() == 2:
            assert self.lam.shape[1] == 1
            self.z_vector = self.g_d(self.lam)[:, :, None, None]  # [N, latent, 1, 1]
        elif self.lam.dim() == 4:
            assert self.lam.shape[1] == 1
            self.z_vector = None
            self._cache = {}
        else:
            raise ValueError("lambda must be a number, [N,1] or [B,1,H,W]")

    def z(self, height, width):
        """Latent code for a CIN layer working on height x width feature maps."""
        if self.z_vector is not None:
            return self.z_vector
        key = (height, width)
        if key not in self._cache:
            big_h, big_w = self.lam.shape[-2:]
            assert big_h % height == 0 and big_w % width == 0, "lambda map must pool by integers"
            kh, kw = big_h // height, big_w // width
            pooled = F.avg_pool2d(self.lam, (kh, kw), (kh, kw)) if (kh, kw) != (1, 1) else self.lam
            # G_D per pixel: [B,1,r,r] -> [B,r,r,1] -> Linear -> [B,r,r,latent] -> [B,latent,r,r]
            z = self.g_d(pooled.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
            self._cache[key] = z
        return self._cache[key]


# ------------------------------------------------------------------------------------------------
# decoder pieces (Augmented-CycleGAN style two-input modules)
# ------------------------------------------------------------------------------------------------
class TwoInputModule(nn.Module):
    pass


class MergeModule(TwoInputModule):
    """o = module2(module1(x), cond)."""

    def __init__(self, module1, module2):
        super().__init__()
        self.module1 = module1
        self.module2 = module2

    def forward(self, x, cond):
        return self.module2(self.module1(x), cond)


class TwoInputSequential(nn.Sequential):
    def forward(self, x, cond):
        for module in self:
            x = module(x, cond) if isinstance(module, (TwoInputModule, TwoInputSequential)) else module(x)
        return x


class AffineInstanceNorm(nn.Module):
    """The authors' custom InstanceNorm: biased variance (mean of squares), eps 1e-5, per-channel
    `scale` (init N(0, 0.02)) and `shift` (init 0)."""

    def __init__(self, channels, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.scale = nn.Parameter(torch.empty(channels).normal_(0.0, 0.02))
        self.shift = nn.Parameter(torch.zeros(channels))

    def forward(self, x):
        b, c, h, w = x.shape
        flat = x.reshape(b, c, h * w)
        centred = flat - flat.mean(2, keepdim=True)
        inv_std = torch.rsqrt((centred ** 2).mean(2, keepdim=True) + self.eps)
        y = (centred * inv_std).reshape(b, c, h, w)
        return y * self.scale[:, None, None] + self.shift[:, None, None]


def cond_z(cond, x):
    return cond.z(x.shape[-2], x.shape[-1]) if isinstance(cond, LambdaCondition) else cond


class CondInstanceNorm(TwoInputModule):
    """shift = ReLU(1x1conv(z)), scale = ReLU(1x1conv(z)); x normalised with the UNBIASED variance
    (divide by HW - 1), eps 1e-5; out = norm * scale + shift."""

    def __init__(self, channels, latent, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.shift_conv = nn.Sequential(nn.Conv2d(latent, channels, 1, bias=True), nn.ReLU())
        self.scale_conv = nn.Sequential(nn.Conv2d(latent, channels, 1, bias=True), nn.ReLU())

    def forward(self, x, cond):
        z = cond_z(cond, x)
        shift = self.shift_conv(z)
        scale = self.scale_conv(z)
        b, c, h, w = x.shape
        flat = x.reshape(b, c, h * w)
        mean = flat.mean(2, keepdim=True)
        var = flat.var(2, keepdim=True, unbiased=True)
        y = ((flat - mean) * torch.rsqrt(var + self.eps)).reshape(b, c, h, w)
        return y * scale + shift


class CINResnetBlock(TwoInputModule):
    """conv3x3(zero pad) -> CIN -> ReLU -> conv3x3(zero pad) -> affine IN; out = ReLU(x + branch).
    (The authors also register conv_block's children as `0`, `2`, `3`; we do not.)"""

    def __init__(self, dim, latent):
        super().__init__()
        self.conv_block = TwoInputSequential(
            MergeModule(nn.Conv2d(dim, dim, 3, padding=1, bias=True), CondInstanceNorm(dim, latent)),
            nn.ReLU(),
            nn.Conv2d(dim, dim, 3, padding=1, bias=True),
            AffineInstanceNorm(dim),
        )
        self.relu = nn.ReLU()

    def forward(self, x, cond):
        return self.relu(x + self.conv_block(x, cond))


class DecoderCIN(nn.Module):
    def __init__(self, dim, latent, upsamplings=2, out_channels=1):
        super().__init__()
        layers = [CINResnetBlock(dim, latent)]
        for _ in range(upsamplings):
            layers += [
                nn.ConvTranspose2d(dim, dim // 2, 3, stride=2, padding=1, output_padding=1, bias=True),
                CondInstanceNorm(dim // 2, latent),
                nn.ReLU(),
            ]
            dim //= 2
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(dim, out_channels, 7, bias=True), nn.Tanh()]
        self.model = TwoInputSequential(*layers)

    def forward(self, x, cond):
        return self.model(x, cond)


def upsampling_block(cin, cout):
    return nn.Sequential(
        nn.ConvTranspose2d(cin, cout, 3, stride=2, padding=1, output_padding=1, bias=True),
        nn.BatchNorm2d(cout),  # eps 1e-5, momentum 0.1
        nn.ReLU(),
    )


# ------------------------------------------------------------------------------------------------
# the network
# ------------------------------------------------------------------------------------------------
class MSLNet(nn.Module):
    def __init__(self, config):
        super().__init__()
        c = dict(config)
        self.config = c
        enc_dim = c["base_channels"] * 2 ** c["downsamplings"]
        fmap = c["input_size"] // 2 ** c["downsamplings"]
        assert fmap % c["patch_size"] == 0
        self.grid = fmap // c["patch_size"]
        self.tokens_per_modality = self.grid * self.grid
        D = c["model_dim"]
        assert D % 4 == 0
        assert enc_dim == D // 4, "upsampling2 must return the encoder channel count"
        # Construction order = the authors' (it fixes which random numbers each default init uses).
        self.encoder1 = ContentEncoder(c["downsamplings"], c["encoder_res_blocks"], 1, c["base_channels"])
        self.encoder2 = ContentEncoder(c["downsamplings"], c["encoder_res_blocks"], 1, c["base_channels"])
        self.decoder = DecoderCIN(enc_dim, c["latent_dim"], upsamplings=c["downsamplings"])
        self.G_D = nn.Linear(1, c["latent_dim"], bias=True)
        self.to_patch_embedding = nn.Sequential(
            nn.Conv2d(enc_dim, D, kernel_size=c["patch_size"], stride=c["patch_size"]),
            TokensFromGrid(),
        )
        self.pos_embedding = nn.Parameter(torch.randn(1, 4 * self.tokens_per_modality + 1, D))
        self.cls_token_ct = nn.Parameter(torch.randn(1, 1, D))
        self.cls_token_mri = nn.Parameter(torch.randn(1, 1, D))  # registered, never used
        self.dropout = nn.Dropout(c["dropout"])
        self.transformer = Transformer(D, c["depth"], c["heads"], c["head_dim"], c["mlp_dim"], c["dropout"])
        self.upsampling1 = upsampling_block(D, D // 2)
        self.upsampling2 = upsampling_block(D // 2, D // 4)

    # -- pieces ---------------------------------------------------------------------------------
    def tokens(self, ct, mr):
        """Transformer output without the class token: [B, 4T, D] (quarters CT, CT, MR, MR)."""
        m = self.encoder1.model(ct)  # model only: the residual blocks (model2) are skipped
        n = self.encoder2.model(mr)
        m = F.normalize(self.to_patch_embedding(m), p=2.0, dim=-1, eps=1e-12)
        n = F.normalize(self.to_patch_embedding(n), p=2.0, dim=-1, eps=1e-12)
        b = m.shape[0]
        seq = torch.cat([self.cls_token_ct.expand(b, -1, -1), m, m, n, n], dim=1)
        seq = self.dropout(seq + self.pos_embedding)
        return self.transformer(seq)[:, 1:, :]

    def quarters(self, tokens):
        t = self.tokens_per_modality
        return tuple(tokens[:, i * t:(i + 1) * t, :] for i in range(4))

    def to_grid(self, token_mean):
        """[B, T, D] -> [B, D, g, g] (inverse of the row-major tokenisation)."""
        b, t, d = token_mean.shape
        return token_mean.transpose(1, 2).reshape(b, d, self.grid, self.grid)

    def upsample(self, grid):
        return self.upsampling2(self.upsampling1(grid))

    def fused_features(self, q):
        return self.upsample(self.to_grid((q[0] + q[3] + q[1] + q[2]) / 4))

    def com_features(self, q, choice):
        if choice == "ct":
            mean = (q[1] + q[0]) / 2  # quarters 1,2: tokens of the CT input
        elif choice == "mr":
            mean = (q[3] + q[2]) / 2  # quarters 3,4: tokens of the MR input
        else:
            raise ValueError(choice)
        return self.upsample(self.to_grid(mean))

    def decode(self, features, lam):
        """Decoder output for one lambda (number, [N,1] tensor, or [B,1,H,W] map)."""
        return self.decoder(features, LambdaCondition(self.G_D, lam, features))

    # -- the authors' forward -------------------------------------------------------------------
    def forward(self, ct, mr, lambdas=(), com_choice=None):
        """As `MyNet_fusion.forward`: returns dict with `out` (fused path, one per lambda),
        `out_com` (com path), `quarters` (q1..q4), `tokens`, `fused`, `com`, `com_choice`.
        com_choice None draws torch.rand(1) like the authors (< 0.5 -> CT tokens)."""
        tokens = self.tokens(ct, mr)
        q = self.quarters(tokens)
        fused = self.fused_features(q)
        if com_choice is None:
            com_choice = "ct" if float(torch.rand(1)[0]) < 0.5 else "mr"
        com = self.com_features(q, com_choice)
        out = [self.decode(fused, lam) for lam in lambdas]
        out_com = [self.decode(com, lam) for lam in lambdas]
        return dict(out=out, out_com=out_com, quarters=q, tokens=tokens, fused=fused, com=com,
                    com_choice=com_choice)

    def fused_outputs(self, ct, mr, lambdas):
        """Inference (fused path only) for each lambda; lambdas may include maps."""
        fused = self.fused_features(self.quarters(self.tokens(ct, mr)))
        return [self.decode(fused, lam) for lam in lambdas]

    def single_modality_outputs(self, ct, mr, lambdas, modality):
        """Single-modality inference: the com path with the token choice forced ('ct' or 'mr'),
        no coin flip.  (Both inputs still go through the joint transformer, as in the authors' code.)"""
        com = self.com_features(self.quarters(self.tokens(ct, mr)), modality)
        return [self.decode(com, lam) for lam in lambdas]


# ------------------------------------------------------------------------------------------------
# the authors' training loss (train.py, one iteration)
# ------------------------------------------------------------------------------------------------
def training_loss(model, ct_in, mr_in, ct, mr, com_choice=None, com_choice_half=None):
    """Returns (loss, terms dict, forward results).  Two forward calls as the authors:
    1) lambdas [0, 1] as [B,1] tensors -> fused & com outputs, quarters;
    2) lambda 0.5 as a [1,1] tensor (fused output only).
    loss = L1(out0, ct) + L1(out1, mr) + L1(com0, ct) + L1(com1, mr)
           + 0.5 * (L1(q1, q3) + L1(q2, q4))
           + 1.0 * (0.5 * MSE(out05, ct) + 0.5 * MSE(out05, mr))       (all mean reductions)"""
    b = ct_in.shape[0]
    lam0 = torch.zeros(b, 1, dtype=ct_in.dtype)
    lam1 = torch.ones(b, 1, dtype=ct_in.dtype)
    r1 = model(ct_in, mr_in, [lam0, lam1], com_choice=com_choice)
    r2 = model(ct_in, mr_in, [torch.full((1, 1), 0.5, dtype=ct_in.dtype)], com_choice=com_choice_half)
    q1, q2, q3, q4 = r1["quarters"]
    terms = dict(
        l1_ct=F.l1_loss(r1["out"][0], ct),
        l1_mr=F.l1_loss(r1["out"][1], mr),
        l1_ct_com=F.l1_loss(r1["out_com"][0], ct),
        l1_mr_com=F.l1_loss(r1["out_com"][1], mr),
        feature=F.l1_loss(q1, q3) + F.l1_loss(q2, q4),
        fusion=0.5 * F.mse_loss(r2["out"][0], ct) + 0.5 * F.mse_loss(r2["out"][0], mr),
    )
    loss = (terms["l1_ct"] + terms["l1_mr"] + terms["l1_ct_com"] + terms["l1_mr_com"]
            + 0.5 * terms["feature"] + 1.0 * terms["fusion"])
    return loss, terms, (r1, r2)


# ------------------------------------------------------------------------------------------------
# bookkeeping
# ------------------------------------------------------------------------------------------------
def expected_parameter_count(c):
    """Hand count of registered parameters (unique), from the layer list."""
    conv = lambda cin, cout, k: cout * cin * k * k + cout  # noqa: E731 (with bias)
    C0, L, D = c["base_channels"], c["latent_dim"], c["model_dim"]
    enc = conv(1, C0, 7)
    ch = C0
    for _ in range(c["downsamplings"]):
        enc += conv(ch, 2 * ch, 4)
        ch *= 2
    res = c["encoder_res_blocks"] * 2 * conv(ch, ch, 3)
    T = (c["input_size"] // 2 ** c["downsamplings"] // c["patch_size"]) ** 2
    patch = conv(ch, D, c["patch_size"])
    pos, cls = (4 * T + 1) * D, 2 * D
    inner = c["heads"] * c["head_dim"]
    block = 2 * 2 * D + D * 3 * inner + (inner * D + D) + (D * c["mlp_dim"] + c["mlp_dim"]) \
        + (c["mlp_dim"] * D + D)
    up = (conv(D, D // 2, 3) + 2 * (D // 2)) + (conv(D // 2, D // 4, 3) + 2 * (D // 4))
    cin = lambda ch_: 2 * conv(L, ch_, 1)  # noqa: E731
    dec = 2 * conv(ch, ch, 3) + cin(ch) + 2 * ch
    d = ch
    for _ in range(c["downsamplings"]):
        dec += conv(d, d // 2, 3) + cin(d // 2)
        d //= 2
    dec += conv(d, 1, 7)
    g_d = 2 * L
    total = 2 * enc + 2 * res + patch + pos + cls + c["depth"] * block + up + dec + g_d
    dead = 2 * res + D  # encoder residual blocks + cls_token_mri
    return dict(total=total, dead=dead, live=total - dead, encoder_used=enc, encoder_res=res,
                patch=patch, pos=pos, cls=cls, transformer_block=block, upsampling=up,
                decoder=dec, g_d=g_d)


def stored_state_dict(model):
    """state_dict without num_batches_tracked (the converted-checkpoint format)."""
    return {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}


if __name__ == "__main__":
    for name, cfg in (("paper", PAPER_CONFIG), ("tiny", TINY_CONFIG)):
        counts = expected_parameter_count(cfg)
        print(name, counts)
    net = MSLNet(TINY_CONFIG)
    n = sum(p.numel() for p in net.parameters())
    assert n == expected_parameter_count(TINY_CONFIG)["total"], n
    print("tiny MSLNet parameters:", n)


def write_safetensors(path, tensors, metadata):
    """A safetensors file (F32 only; metadata string → string; tensors in sorted-name order), written
    without the `safetensors` package, which Debian does not ship. Values: tensors or array-likes."""
    import json
    import struct

    import numpy as np

    header = {"__metadata__": {str(k): str(v) for k, v in sorted(metadata.items())}}
    blobs, offset = [], 0
    for name in sorted(tensors):
        value = tensors[name]
        if isinstance(value, torch.Tensor):
            value = value.detach().cpu().numpy()
        raw = np.ascontiguousarray(np.asarray(value, dtype="<f4")).tobytes(order="C")
        header[name] = {"dtype": "F32", "shape": [int(s) for s in np.shape(value)],
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    hjson = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
    hjson += b" " * ((-(8 + len(hjson))) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        for raw in blobs:
            f.write(raw)
