"""What train.py and check.py share: the PyTorch model, the oscillator that makes the data, and the file formats."""

import csv
import os
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
from safetensors_io import read_safetensors, write_safetensors  # noqa: E402  (the repo's dependency-free writer)

HIDDEN = 24
STEPS = 60
TIME_STEP = 0.1


class Oscillator(nn.Module):
    """Reads the force pushing a mass on a spring, step by step, and estimates the mass's position and velocity."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, HIDDEN, num_layers=2, batch_first=True)
        self.head = nn.Linear(HIDDEN, 2)

    def forward(self, force):
        features, _ = self.lstm(force)
        return self.head(features)


def simulate(force, stiffness, damping):
    """A damped mass on a spring driven by `force` [N, T]: returns [N, T, 2] of (position, velocity) per step."""
    position = torch.zeros(force.shape[0])
    velocity = torch.zeros(force.shape[0])
    states = []
    for t in range(force.shape[1]):
        acceleration = force[:, t] - stiffness * position - damping * velocity
        velocity = velocity + TIME_STEP * acceleration
        position = position + TIME_STEP * velocity
        states.append(torch.stack([position, velocity], dim=1))
    return torch.stack(states, dim=1)


def random_force(count, generator):
    """[count, STEPS] of a force that holds a level in [-1, 1] and jumps to a new one with probability 0.15 per step."""
    levels = torch.rand(count, STEPS, generator=generator) * 2 - 1
    jumps = torch.rand(count, STEPS, generator=generator) < 0.15
    force = levels.clone()
    for t in range(1, STEPS):
        force[:, t] = torch.where(jumps[:, t], levels[:, t], force[:, t - 1])
    return force


def write_csv(path, header, rows):
    """Floats as '%.9g', which a float32 survives exactly (float.Parse in C# gives back the same bits)."""
    with open(path, "w", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([value if isinstance(value, int) else "%.9g" % value for value in row])


def sequence_rows(*tensors):
    """Rows (sequence, step, values...) from tensors [N, T, k] that share N and T."""
    count, steps = tensors[0].shape[:2]
    for n in range(count):
        for t in range(steps):
            yield [n, t] + [float(v) for tensor in tensors for v in tensor[n, t]]


def read_sequences(path, columns):
    """Reads `columns` of a CSV written by sequence_rows (or by the C# sample) as a float32 tensor [N, T, k]."""
    with open(path, newline="") as file:
        rows = list(csv.DictReader(file))
    count = max(int(row["sequence"]) for row in rows) + 1
    values = torch.tensor([[float(row[c]) for c in columns] for row in rows], dtype=torch.float32)
    return values.reshape(count, len(rows) // count, len(columns))


__all__ = ["Oscillator", "simulate", "random_force", "write_csv", "sequence_rows", "read_sequences",
           "read_safetensors", "write_safetensors", "HERE", "STEPS"]
