#!/usr/bin/env python3
"""Convert an authors' MSL checkpoint (`MyNet_fusion` state_dict, `.pth`) into our safetensors.

    /usr/bin/python3 Tests/MSLModelTests/Fixtures/convert_checkpoint.py iter_100000.pth msl.safetensors

- The `.pth` may be a bare state_dict or hold it under "network" (what the authors' train.py
  saves), "model" or "state_dict"; a DataParallel "module." prefix is removed.
- Dropped: every `*.num_batches_tracked` buffer, and the duplicate names under which
  `CINResnetBlock` registers its conv_block children a second time (`decoder.model.0.<digit>.…`);
  each alias is checked to be equal to its `decoder.model.0.conv_block.<digit>.…` twin first.
- Everything else is written as F32 (C order, little-endian) under the same key, tensors laid out
  in sorted-name order; `__metadata__` records the source file name and the key count.
- With --check (default) the result must have exactly the keys and shapes of
  msl_reference.MSLNet(PAPER_CONFIG) (or of the config given as JSON with --config).
"""

import argparse
import json
import os
import re
import struct
import sys

import numpy as np
import torch

ALIAS = re.compile(r"^decoder\.model\.(\d+)\.(\d+)\.(.*)$")


def load_state_dict(path):
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except TypeError:  # torch without weights_only
        obj = torch.load(path, map_location="cpu")
    for key in ("network", "model", "state_dict"):
        if isinstance(obj, dict) and key in obj and isinstance(obj[key], dict):
            obj = obj[key]
            break
    sd = dict(obj)
    if sd and all(k.startswith("module.") for k in sd):
        sd = {k[len("module."):]: v for k, v in sd.items()}
    return sd


def convert(sd):
    out, dropped = {}, []
    for key, value in sd.items():
        if key.endswith("num_batches_tracked"):
            dropped.append(key)
            continue
        m = ALIAS.match(key)
        if m:  # decoder.model.<block>.<i>.<rest> duplicates decoder.model.<block>.conv_block.<i>.<rest>
            twin = f"decoder.model.{m.group(1)}.conv_block.{m.group(2)}.{m.group(3)}"
            if twin not in sd or not torch.equal(sd[twin], value):
                raise ValueError(f"alias {key} has no equal twin {twin}")
            dropped.append(key)
            continue
        if not torch.is_floating_point(value):
            raise ValueError(f"{key}: unexpected non-float tensor ({value.dtype})")
        out[key] = value.detach().to(torch.float32).contiguous()
    return out, dropped


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import msl_reference as R  # noqa: E402  (beside this script)


def check_against_reference(tensors, config):
    ref = R.stored_state_dict(R.MSLNet(config))
    want = {k: tuple(v.shape) for k, v in ref.items()}
    got = {k: tuple(v.shape) for k, v in tensors.items()}
    if want != got:
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        shape = sorted(k for k in set(want) & set(got) if want[k] != got[k])
        raise ValueError(f"keys/shapes differ from MSLNet: missing {missing}, extra {extra}, shape {shape}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoint")
    ap.add_argument("output")
    ap.add_argument("--config", help="JSON file with an MSLNet config (default: the paper's)")
    ap.add_argument("--no-check", action="store_true")
    args = ap.parse_args(argv)
    tensors, dropped = convert(load_state_dict(args.checkpoint))
    if not args.no_check:
        config = R.PAPER_CONFIG
        if args.config:
            with open(args.config) as f:
                config = json.load(f)
        check_against_reference(tensors, config)
    R.write_safetensors(args.output, tensors, {"source": os.path.basename(args.checkpoint),
                                             "tensors": len(tensors)})
    print(f"wrote {len(tensors)} tensors to {args.output}; dropped {len(dropped)} "
          f"(num_batches_tracked and decoder.model.0.<digit> aliases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
