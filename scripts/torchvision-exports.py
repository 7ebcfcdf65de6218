#!/usr/bin/env python3
"""Exports public torchvision architectures to ONNX for checking a device's calibration on
networks it never saw (memnas estimate --device X against that device's own measurement).

    python3 scripts/torchvision-exports.py OUT_DIR [--size 32] [--channels 3]

Debian's python3-torch and python3-torchvision (torch 1.13); random weights (memory and latency
do not depend on the values); 10 classes; batch 1 exported with a dynamic batch axis; opset 13.
"""
import argparse
import os

import torch
import torchvision.models as tv

# Small public networks an edge device could run (each file under the coordinator's default
# 16 MiB model limit); each builds without downloading weights.
MODELS = {
    "mobilenet_v2_035": lambda: tv.mobilenet_v2(width_mult=0.35, num_classes=10),
    "mobilenet_v2_050": lambda: tv.mobilenet_v2(width_mult=0.5, num_classes=10),
    "mobilenet_v3_small": lambda: tv.mobilenet_v3_small(num_classes=10),
    "mnasnet0_5": lambda: tv.mnasnet0_5(num_classes=10),
    "shufflenet_v2_x0_5": lambda: tv.shufflenet_v2_x0_5(num_classes=10),
    "squeezenet1_1": lambda: tv.squeezenet1_1(num_classes=10),
    "mobilenet_v2_075": lambda: tv.mobilenet_v2(width_mult=0.75, num_classes=10),
    "mobilenet_v2_100": lambda: tv.mobilenet_v2(width_mult=1.0, num_classes=10),
    "mnasnet0_75": lambda: tv.mnasnet0_75(num_classes=10),
    "mnasnet1_0": lambda: tv.mnasnet1_0(num_classes=10),
    "shufflenet_v2_x1_0": lambda: tv.shufflenet_v2_x1_0(num_classes=10),
    "squeezenet1_0": lambda: tv.squeezenet1_0(num_classes=10),
    "regnet_y_400mf": lambda: tv.regnet_y_400mf(num_classes=10),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--channels", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated subset of: " + ", ".join(MODELS))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    names = [n for n in a.only.split(",") if n] or list(MODELS)
    torch.manual_seed(0)
    for name in names:
        if name not in MODELS:
            raise SystemExit(f"unknown model {name!r}; one of: {', '.join(MODELS)}")
        net = MODELS[name]().eval()
        if a.channels != 3:
            raise SystemExit("torchvision's stems take 3 channels; use --channels 3")
        x = torch.randn(1, a.channels, a.size, a.size)
        path = os.path.join(a.out, f"{name}.onnx")
        torch.onnx.export(
            net, x, path, opset_version=13, input_names=["input"], output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        )
        print(f"{path}: {sum(p.numel() for p in net.parameters())} parameters")


if __name__ == "__main__":
    main()
