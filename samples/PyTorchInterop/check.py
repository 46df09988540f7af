"""Loads the C# sample's fine-tuned export back into the PyTorch module and compares the outputs.

Run after train.py and the C# sample: /usr/bin/python3 check.py. Exits non-zero if the file does not load with
load_state_dict(strict=True) or if PyTorch's outputs differ from the C# ones by more than 1e-5.
"""

import os
import sys

import torch

from interop import HERE, Oscillator, read_safetensors, read_sequences

TOLERANCE = 1e-5


def main():
    model = Oscillator()
    tensors, metadata = read_safetensors(os.path.join(HERE, "finetuned.safetensors"))
    model.load_state_dict(tensors, strict=True)
    print(f"finetuned.safetensors: {len(tensors)} tensors loaded with strict=True (metadata {metadata})")

    original, _ = read_safetensors(os.path.join(HERE, "model.safetensors"))
    moved = max((tensors[name] - original[name]).abs().max().item() for name in tensors)
    print(f"largest weight change from PyTorch's model.safetensors: {moved:.4f}")

    force = read_sequences(os.path.join(HERE, "reference.csv"), ["force"])
    csharp = read_sequences(os.path.join(HERE, "finetuned_outputs.csv"), ["position", "velocity"])
    with torch.no_grad():
        outputs = model(force)
    difference = (outputs - csharp).abs().max().item()
    print(f"largest difference between PyTorch and C# outputs of the fine-tuned model: {difference:.2e}")
    # `not <=` so that a NaN fails too.
    if not difference <= TOLERANCE:
        print(f"FAILED: more than {TOLERANCE:g}")
        sys.exit(1)


if __name__ == "__main__":
    main()
