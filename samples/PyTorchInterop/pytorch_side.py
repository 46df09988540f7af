"""The PyTorch half of the PyTorchInterop sample. Run from anywhere:

    /usr/bin/python3 samples/PyTorchInterop/pytorch_side.py train   # trains Forecaster, writes data/model.safetensors and data/reference.csv
    dotnet run -c Release --project samples/PyTorchInterop           # imports it, compares, fine-tunes, exports data/finetuned.safetensors
    /usr/bin/python3 samples/PyTorchInterop/pytorch_side.py check   # loads that file with load_state_dict(strict=True) and compares

An ordinary module, written the usual way: RnnCodegen matches its state dict by the tensors' shapes.
"""

import csv
import json
import struct
import sys
from pathlib import Path

import torch
from torch import nn

DATA = Path(__file__).resolve().parent / "data"
STEPS = 48


class Forecaster(nn.Module):
    """Predicts the next value of a wave. In C#: [RecurrentModel(InputSize = 1)] [Lstm(16)] [Lstm(16)] [Dense(1)]."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, 16, num_layers=2)
        self.head = nn.Linear(16, 1)

    def forward(self, x):  # x: [T, batch, 1]
        y, _ = self.lstm(x)
        return self.head(y)


def waves(batch, steps, generator):
    """Sines of random frequency and phase: inputs x_t and targets x_{t+1}, [T, batch, 1] each."""
    frequency = 0.1 + 0.2 * torch.rand(1, batch, 1, generator=generator)
    phase = 6.283 * torch.rand(1, batch, 1, generator=generator)
    t = torch.arange(steps + 1, dtype=torch.float32).view(-1, 1, 1)
    wave = torch.sin(frequency * t + phase)
    return wave[:-1], wave[1:]


def save_safetensors(path, tensors):
    """safetensors.torch.save_file, written out so that the sample needs no extra package."""
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().float().contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + b"".join(chunks))


def load_safetensors(path):
    blob = path.read_bytes()
    (length,) = struct.unpack_from("<Q", blob)
    header = json.loads(blob[8:8 + length])
    header.pop("__metadata__", None)
    data = blob[8 + length:]
    return {name: torch.frombuffer(bytearray(data[entry["data_offsets"][0]:entry["data_offsets"][1]]), dtype=torch.float32).view(entry["shape"])
            for name, entry in header.items()}


def train():
    torch.manual_seed(1)
    model = Forecaster()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    generator = torch.Generator().manual_seed(2)
    for step in range(1, 301):
        inputs, targets = waves(16, STEPS, generator)
        loss = nn.functional.mse_loss(model(inputs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            print(f"step {step}: MSE {loss.item():.5f}")

    DATA.mkdir(exist_ok=True)
    save_safetensors(DATA / "model.safetensors", model.state_dict())
    inputs, _ = waves(1, STEPS, torch.Generator().manual_seed(3))
    with torch.no_grad():
        outputs = model(inputs)
    with open(DATA / "reference.csv", "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["input", "pytorch_output"])
        writer.writerows((f"{x:.9g}", f"{y:.9g}") for x, y in zip(inputs.flatten().tolist(), outputs.flatten().tolist()))
    print(f"wrote {DATA / 'model.safetensors'} ({', '.join(sorted(model.state_dict()))}) and {DATA / 'reference.csv'}")


def check():
    model = Forecaster()
    model.load_state_dict(load_safetensors(DATA / "finetuned.safetensors"), strict=True)
    with open(DATA / "finetuned.csv") as file:
        rows = list(csv.DictReader(file))
    inputs = torch.tensor([float(row["input"]) for row in rows]).view(-1, 1, 1)
    with torch.no_grad():
        outputs = model(inputs).flatten()
    difference = max(abs(float(row["csharp_output"]) - y) for row, y in zip(rows, outputs.tolist()))
    print(f"load_state_dict(strict=True) took the fine-tuned file; largest difference from C#'s outputs: {difference:.2e}")


if __name__ == "__main__":
    {"train": train, "check": check}[sys.argv[1] if len(sys.argv) > 1 else "train"]()
