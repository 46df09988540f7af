"""Layer declarations mirroring RnnCodegen's attributes, and the PyTorch network they describe.

A network is an nn.ModuleList called `layers` (state-dict names `layers.{k}.weight_ih_l0` ...), k counting
every declared layer, Embedding and Dense included. Activations hold no parameters, so they live in the
declarations rather than in the ModuleList (where they would shift the indices).
"""

from dataclasses import dataclass

import torch
from torch import nn

from recurrent_variants import PeepholeLstm, ResetBeforeGru

# Dense activations by their C# `Activation` names; Softmax is over the output features.
ACTIVATIONS = {
    "Linear": lambda z: z,
    "Sigmoid": torch.sigmoid,
    "Tanh": torch.tanh,
    "Relu": torch.relu,
    "Softmax": lambda z: torch.softmax(z, dim=-1),
}


@dataclass(frozen=True)
class Embedding:
    vocabulary: int
    size: int

    @property
    def output_size(self):
        return self.size

    @property
    def signature(self):
        return f"Embedding({self.vocabulary}, {self.size})"

    def build(self, input_size):
        return nn.Embedding(self.vocabulary, self.size)

    def run(self, layer, x):
        return layer(x)


@dataclass(frozen=True)
class _Recurrent:
    hidden: int

    @property
    def output_size(self):
        return self.hidden

    def run(self, layer, x):
        outputs, _ = layer(x)
        return outputs


@dataclass(frozen=True)
class SimpleRnn(_Recurrent):
    activation: str = "Tanh"

    @property
    def signature(self):
        return f"SimpleRnn({self.hidden}, {self.activation})"

    def build(self, input_size):
        return nn.RNN(input_size, self.hidden, nonlinearity=self.activation.lower(), batch_first=True)


@dataclass(frozen=True)
class Lstm(_Recurrent):
    peepholes: bool = False

    @property
    def signature(self):
        return f"Lstm({self.hidden}, Peepholes)" if self.peepholes else f"Lstm({self.hidden})"

    def build(self, input_size):
        if self.peepholes:
            return PeepholeLstm(input_size, self.hidden)
        return nn.LSTM(input_size, self.hidden, batch_first=True)


@dataclass(frozen=True)
class Gru(_Recurrent):
    reset_after: bool = True

    @property
    def signature(self):
        return f"Gru({self.hidden})" if self.reset_after else f"Gru({self.hidden}, ResetBefore)"

    def build(self, input_size):
        if self.reset_after:
            return nn.GRU(input_size, self.hidden, batch_first=True)
        return ResetBeforeGru(input_size, self.hidden)


@dataclass(frozen=True)
class Dense:
    outputs: int
    activation: str = "Linear"

    @property
    def output_size(self):
        return self.outputs

    @property
    def signature(self):
        return f"Dense({self.outputs}, {self.activation})"

    def build(self, input_size):
        return nn.Linear(input_size, self.outputs)

    def run(self, layer, x):
        return ACTIVATIONS[self.activation](layer(x))


class RecurrentNetwork(nn.Module):
    """The declared layers in order, batch-first, every sequence from a zero state; the last layer is Dense."""

    def __init__(self, input_size, declarations):
        super().__init__()
        self.declarations = tuple(declarations)
        self.layers = nn.ModuleList()
        size = input_size
        for declaration in self.declarations:
            self.layers.append(declaration.build(size))
            size = declaration.output_size

    def logits(self, x):
        """Everything up to the last Dense layer's activation (the pre-softmax values for cross-entropy)."""
        *hidden, last = zip(self.declarations, self.layers)
        for declaration, layer in hidden:
            x = declaration.run(layer, x)
        return last[1](x)

    def forward(self, x):
        return ACTIVATIONS[self.declarations[-1].activation](self.logits(x))


def signature(input_size, declarations):
    """The model's text as RnnCodegen's ModelDescriptor.Signature writes it, e.g. `Input(1) Lstm(32) Dense(1, Linear)`."""
    head = "Tokens" if isinstance(declarations[0], Embedding) else f"Input({input_size})"
    return " ".join([head] + [declaration.signature for declaration in declarations])
