"""Makes the interop fixtures in Runtime.Tests/Fixtures/interop/. Run: /usr/bin/python3 tools/make_interop_fixtures.py

Ordinary PyTorch modules, written the way users write them (named submodules, nn.LSTM(num_layers=2), a wrapper that
adds a prefix), so the tests can check that RnnCodegen imports what users actually have:

  {case}.safetensors     the module's state dict as safetensors.torch.save_file writes it: keys sorted by name
  {case}.io.safetensors  `input` F32 [T, I] or `tokens` I64 [T]; `output` F32 [T, O] from a zero state;
                         `h0.{k}` (and `c0.{k}`) F32 [H]: an initial state per declared recurrent layer k;
                         `output_from_state` F32 [T, O] from that state; `hn.{k}` (and `cn.{k}`) F32 [H]: the final state
  {case}.onnx            torch.onnx.export of the same module (opset 14, constant folding, fixed shapes)

Weights are float32 (PyTorch's default init under torch.manual_seed, times 1.5); references are computed in float64
from those exact values. The C# declarations the cases match are named in CASES.
"""

from pathlib import Path

import onnx
import torch
from torch import nn

from safetensors_io import write_safetensors

OUT = Path(__file__).resolve().parent.parent / "Runtime.Tests" / "Fixtures" / "interop"
INIT_SCALE = 1.5


class LanguageModel(nn.Module):
    """EmbeddingLmModel: Embedding(11, 6), Lstm(20), Lstm(20), Dense(11, Softmax). Sequence-first, batch 1."""

    recurrent = {1: ("rnn", 0, True), 2: ("rnn", 1, True)}  # declared layer -> (module, sub-layer, has cell)

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(11, 6)
        self.rnn = nn.LSTM(6, 20, num_layers=2)
        self.head = nn.Linear(20, 11)

    def forward(self, tokens, state=None):
        y, (h, c) = self.rnn(self.embed(tokens), (state or {}).get("rnn"))
        return torch.softmax(self.head(y), dim=-1), {"rnn": (h, c)}


class Detector(nn.Module):
    """StackedModel: Input(4), Gru(16), SimpleRnn(8, Relu), Dense(2, Sigmoid)."""

    recurrent = {0: ("gru", 0, False), 1: ("rnn", 0, False)}

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 16)
        self.rnn = nn.RNN(16, 8, nonlinearity="relu")
        self.out = nn.Linear(8, 2)

    def forward(self, x, state=None):
        state = state or {}
        y, h_gru = self.gru(x, state.get("gru"))
        y, h_rnn = self.rnn(y, state.get("rnn"))
        return torch.sigmoid(self.out(y)), {"gru": h_gru, "rnn": h_rnn}


class SineBatchFirst(nn.Module):
    """LstmModel: Input(1), Lstm(32), Dense(1). batch_first=True, and the head on a 2-D tensor (exported as Gemm)."""

    recurrent = {0: ("lstm", 0, True)}

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, 32, batch_first=True)
        self.head = nn.Linear(32, 1)

    def forward(self, x, state=None):
        y, (h, c) = self.lstm(x.transpose(0, 1), (state or {}).get("lstm"))  # [T, 1, I] -> [1, T, I]
        return self.head(y[0]).unsqueeze(1), {"lstm": (h, c)}


class Wrapper(nn.Module):
    """Adds the prefix `model.` to every name, as a training script's wrapper module does; exports the zero-state output."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)[0]


CASES = [
    # name, seed, module, steps, token input, input size
    ("language_model", 301, LanguageModel, 9, True, 1),
    ("detector", 302, Detector, 8, False, 4),
    ("sine_batch_first", 303, SineBatchFirst, 10, False, 1),
]


def make(name, seed, module_type, steps, tokens, input_size):
    torch.manual_seed(seed)
    module = module_type()
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.mul_(INIT_SCALE)
    wrapper = Wrapper(module)
    state_dict = wrapper.state_dict()
    write_safetensors(OUT / f"{name}.safetensors", {key: state_dict[key] for key in sorted(state_dict)}, {"format": "pt"})

    generator = torch.Generator().manual_seed(seed + 1000)
    if tokens:
        x = torch.randint(0, 11, (steps, 1), generator=generator)
    else:
        x = (torch.rand(steps, 1, input_size, generator=generator) * 3 - 1.5)

    # An initial state per module, [num_layers, 1, H], random in (-0.9, 0.9).
    initial = {}
    for layer, (attribute, sub_layer, has_cell) in module_type.recurrent.items():
        rnn = getattr(module, attribute)
        shape = (rnn.num_layers, 1, rnn.hidden_size)
        if attribute not in initial:
            h = torch.rand(shape, generator=generator) * 1.8 - 0.9
            initial[attribute] = (h, torch.rand(shape, generator=generator) * 1.8 - 0.9) if has_cell else h

    reference = module_type()
    reference.load_state_dict(module.state_dict())
    reference = reference.double()
    x_ref = x if tokens else x.double()
    as_double = lambda value: tuple(part.double() for part in value) if isinstance(value, tuple) else value.double()
    with torch.no_grad():
        output, _ = reference(x_ref)
        from_state, final = reference(x_ref, {key: as_double(value) for key, value in initial.items()})

    io = {"tokens": x[:, 0].long()} if tokens else {"input": x[:, 0, :].float()}
    io["output"] = output[:, 0, :].float()
    io["output_from_state"] = from_state[:, 0, :].float()
    for layer, (attribute, sub_layer, has_cell) in module_type.recurrent.items():
        start = initial[attribute]
        end = final[attribute]
        if has_cell:
            io[f"h0.{layer}"], io[f"c0.{layer}"] = start[0][sub_layer, 0].float(), start[1][sub_layer, 0].float()
            io[f"hn.{layer}"], io[f"cn.{layer}"] = end[0][sub_layer, 0].float(), end[1][sub_layer, 0].float()
        else:
            io[f"h0.{layer}"] = start[sub_layer, 0].float()
            io[f"hn.{layer}"] = end[sub_layer, 0].float()
    write_safetensors(OUT / f"{name}.io.safetensors", io, {"format": "pt"})

    torch.onnx.export(wrapper, (x,), str(OUT / f"{name}.onnx"), input_names=["tokens" if tokens else "input"],
                      output_names=["output"], opset_version=14, do_constant_folding=True)
    operators = sorted({node.op_type for node in onnx.load(str(OUT / f"{name}.onnx")).graph.node})
    print(f"{name}: {len(state_dict)} tensors, {steps} steps, ONNX operators {' '.join(operators)}")


def main():
    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        make(*case)


if __name__ == "__main__":
    main()
