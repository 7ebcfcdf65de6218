"""Training throughput of the benchmark network in PyTorch on one thread, the yardstick for
bench/train-throughput.ts: same layers, batch 64 of random 32x32x3 images, SGD lr 0.05,
softmax cross-entropy. Prints {"backend", "imagesPerSecond", "threads"} as its last line,
or a skip message (exit 0) where torch is not installed.

Usage: python3 bench/train-pytorch.py [--steps 30] [--warmup 5] [--json]
"""
import argparse
import json
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=30)
parser.add_argument("--warmup", type=int, default=5)
parser.add_argument("--json", action="store_true")
args = parser.parse_args()

try:
    import torch
    from torch import nn
except ImportError:
    print("skip: torch is not installed for this python (Debian: apt-get install python3-torch)")
    sys.exit(0)

torch.set_num_threads(1)
torch.manual_seed(0)
BATCH = 64

net = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(),
    nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),  # 'same' for even sizes
    nn.Conv2d(32, 32, 3, padding=1, groups=32), nn.ReLU(),
    nn.Conv2d(32, 32, 3, stride=2, padding=1, groups=32), nn.ReLU(),
    nn.Conv2d(32, 64, 1), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(),
    nn.Linear(64, 10),
)
optimizer = torch.optim.SGD(net.parameters(), lr=0.05)
loss_fn = nn.CrossEntropyLoss()
images = torch.rand(BATCH, 3, 32, 32)
labels = torch.randint(0, 10, (BATCH,))


def step():
    optimizer.zero_grad()
    loss = loss_fn(net(images), labels)
    loss.backward()
    optimizer.step()
    return loss.item()


for _ in range(args.warmup):
    step()
start = time.perf_counter()
cpu_start = time.process_time()
for _ in range(args.steps):
    last = step()
seconds = time.perf_counter() - start
cpu_seconds = time.process_time() - cpu_start
ips = args.steps * BATCH / seconds
# Images per CPU-second: steadier than wall time on a machine other jobs share.
cpu_ips = args.steps * BATCH / cpu_seconds
if not args.json:
    print(f"pytorch {torch.__version__} (1 thread), batch {BATCH}, {args.steps} steps after {args.warmup} warm-up")
    print(f"{seconds * 1000 / args.steps:.1f} ms/step, {ips:.0f} images/s ({cpu_ips:.0f} per CPU-second), final loss {last:.4f}")
print(json.dumps({"backend": "pytorch", "imagesPerSecond": round(ips, 1), "threads": 1, "imagesPerCpuSecond": round(cpu_ips, 1)}))
