"""Trains an ordinary PyTorch LSTM on a simulated spring, then writes what the C# sample needs.

Run with Debian's PyTorch: /usr/bin/python3 train.py (seeded; a few seconds; rerunning rewrites the same files).
Writes, next to this script:
  model.safetensors   the state dict as PyTorch names it (lstm.weight_ih_l0 ... lstm.bias_hh_l1, head.weight, head.bias)
  reference.csv       four force sequences and PyTorch's outputs for them, to compare the C# model against
  measurements.csv    recordings of a stiffer spring, the "device" the C# side fine-tunes the model on
"""

import os
import time

import torch
from torch import nn

from interop import HERE, Oscillator, random_force, sequence_rows, simulate, write_csv, write_safetensors

SIMULATED = dict(stiffness=1.0, damping=0.3)  # what PyTorch trains on
DEVICE = dict(stiffness=1.6, damping=0.2)  # what the deployed model meets: fine-tuning in C# adapts it
BATCH = 32
BATCHES = 150


def main():
    torch.manual_seed(7)
    torch.set_num_threads(1)
    data = torch.Generator().manual_seed(8)
    model = Oscillator()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    started = time.perf_counter()
    for batch in range(1, BATCHES + 1):
        force = random_force(BATCH, data)
        loss = nn.functional.mse_loss(model(force.unsqueeze(-1)), simulate(force, **SIMULATED))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if batch % 50 == 0:
            print(f"batch {batch}: training MSE {loss.item():.5f}")
    print(f"trained {BATCHES} batches of {BATCH} in {time.perf_counter() - started:.1f} s")

    write_safetensors(os.path.join(HERE, "model.safetensors"), model.state_dict(), {"format": "pt"})
    force = random_force(4, data).unsqueeze(-1)
    with torch.no_grad():
        outputs = model(force)
    write_csv(os.path.join(HERE, "reference.csv"), ["sequence", "step", "force", "position", "velocity"],
              sequence_rows(force, outputs))

    force = random_force(40, data)
    write_csv(os.path.join(HERE, "measurements.csv"), ["sequence", "step", "force", "position", "velocity"],
              sequence_rows(force.unsqueeze(-1), simulate(force, **DEVICE)))
    print("tensors: " + ", ".join(f"{name} {list(t.shape)}" for name, t in model.state_dict().items()))
    print("wrote model.safetensors, reference.csv, measurements.csv")


if __name__ == "__main__":
    main()
