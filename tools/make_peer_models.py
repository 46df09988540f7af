"""Makes the weights and ONNX graphs the peers benchmark loads: /usr/bin/python3 tools/make_peer_models.py

For each model of benchmarks/RnnCodegen.Benchmarks.Peers, into its Weights/ folder:
  {name}.safetensors   the state dict (`layers.0.*` nn.LSTM, `layers.1.*` nn.Linear), F32; the benchmark imports it
                       into the generated model (ImportSafetensors) and copies it from there into TorchSharp
  {name}.onnx          the same weights as an ONNX graph (torch.onnx.export, opset 14) for ONNX Runtime:
                       inputs  x [1, T, I] (T dynamic), h0 [1, 1, H], c0 [1, 1, H]
                       outputs y [1, T, O] (the Dense head on every step), hn [1, 1, H], cn [1, 1, H]
                       One step is T = 1 with the state fed back; a sequence is T steps from a zero state.

Written only because RnnCodegen has no ONNX export yet; the C# side checks before timing that all three engines
agree to 1e-4, so a graph that drifts from the weights stops the benchmark. Reruns give the same weights.
"""

from pathlib import Path

import onnx
import torch
from torch import nn

from fixture_models import Dense, Lstm, signature
from safetensors_io import read_safetensors, write_safetensors

WEIGHTS = Path(__file__).resolve().parent.parent / "benchmarks" / "RnnCodegen.Benchmarks.Peers" / "Weights"

# name -> (seed, input size, hidden units, outputs); the names are the benchmark project's model classes.
MODELS = {
    "Lstm_1_32_1": (1, 1, 32, 1),
    "Lstm_64_128_64": (2, 64, 128, 64),
}
OPSET = 14


class LstmWithHead(nn.Module):
    """nn.LSTM then nn.Linear, batch-first, with the recurrent state as explicit inputs and outputs."""

    def __init__(self, input_size, hidden, outputs):
        super().__init__()
        self.layers = nn.ModuleList([nn.LSTM(input_size, hidden, batch_first=True), nn.Linear(hidden, outputs)])

    def forward(self, x, h0, c0):
        lstm, head = self.layers
        hidden, (hn, cn) = lstm(x, (h0, c0))
        return head(hidden), hn, cn


def export(name, seed, input_size, hidden, outputs):
    torch.manual_seed(seed)
    model = LstmWithHead(input_size, hidden, outputs).eval()
    text = signature(input_size, [Lstm(hidden), Dense(outputs)])
    weights = WEIGHTS / f"{name}.safetensors"
    write_safetensors(weights, model.state_dict(), {"format": "pt", "signature": text})

    steps = 5
    x = torch.randn(1, steps, input_size)
    h0 = torch.zeros(1, 1, hidden)
    c0 = torch.zeros(1, 1, hidden)
    graph = WEIGHTS / f"{name}.onnx"
    torch.onnx.export(
        model, (x, h0, c0), graph, opset_version=OPSET,
        input_names=["x", "h0", "c0"], output_names=["y", "hn", "cn"],
        dynamic_axes={"x": {1: "steps"}, "y": {1: "steps"}})
    onnx.checker.check_model(onnx.load(graph))

    # The file must hold exactly the module's weights.
    stored, _ = read_safetensors(weights)
    assert all(torch.equal(stored[key], value) for key, value in model.state_dict().items())
    print(f"{name}: {text}, {sum(p.numel() for p in model.parameters())} parameters -> {weights.name}, {graph.name}")


def main():
    torch.set_num_threads(1)
    WEIGHTS.mkdir(parents=True, exist_ok=True)
    for name, (seed, input_size, hidden, outputs) in MODELS.items():
        export(name, seed, input_size, hidden, outputs)


if __name__ == "__main__":
    main()
