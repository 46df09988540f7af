"""Recurrent layers RnnCodegen supports but PyTorch lacks, written out step by step.

Both keep nn.LSTM's / nn.GRU's tensor names, shapes, gate order and default initialisation, take
batch-first input [B, T, I] from a zero state and return (outputs [B, T, H], final state) as PyTorch does.
"""

import math

import torch
from torch import nn


class _SingleLayerRecurrent(nn.Module):
    """The four tensors of a one-layer nn.RNNBase with `gates` blocks of rows, initialised as PyTorch does."""

    def __init__(self, input_size, hidden_size, gates):
        super().__init__()
        self.hidden_size = hidden_size
        rows = gates * hidden_size
        self.weight_ih_l0 = nn.Parameter(torch.empty(rows, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.empty(rows, hidden_size))
        self.bias_ih_l0 = nn.Parameter(torch.empty(rows))
        self.bias_hh_l0 = nn.Parameter(torch.empty(rows))

    def reset_parameters(self):
        # nn.RNNBase.reset_parameters: every tensor ~ U(-1/sqrt(H), 1/sqrt(H)), in registration order.
        bound = 1.0 / math.sqrt(self.hidden_size)
        for parameter in self.parameters():
            nn.init.uniform_(parameter, -bound, bound)


class PeepholeLstm(_SingleLayerRecurrent):
    """LSTM with peephole connections (Gers & Schmidhuber), rows of weight_peephole_l0 = (p_i, p_f, p_o).

    With a = W_i* x + b_i* + W_h* h₋₁ + b_h* per gate (row blocks i, f, g, o as nn.LSTM):
        i = σ(a_i + p_i ⊙ c₋₁)
        f = σ(a_f + p_f ⊙ c₋₁)
        g = tanh(a_g)
        c = f ⊙ c₋₁ + i ⊙ g
        o = σ(a_o + p_o ⊙ c)          the output gate looks at the NEW cell
        h = o ⊙ tanh(c)
    """

    def __init__(self, input_size, hidden_size):
        super().__init__(input_size, hidden_size, gates=4)
        self.weight_peephole_l0 = nn.Parameter(torch.empty(3, hidden_size))
        self.reset_parameters()

    def forward(self, x):
        batch, steps, _ = x.shape
        h = x.new_zeros(batch, self.hidden_size)
        c = x.new_zeros(batch, self.hidden_size)
        p_i, p_f, p_o = self.weight_peephole_l0
        outputs = []
        for t in range(steps):
            a = x[:, t] @ self.weight_ih_l0.T + self.bias_ih_l0 + h @ self.weight_hh_l0.T + self.bias_hh_l0
            a_i, a_f, a_g, a_o = a.chunk(4, dim=1)
            i = torch.sigmoid(a_i + p_i * c)
            f = torch.sigmoid(a_f + p_f * c)
            g = torch.tanh(a_g)
            c = f * c + i * g
            o = torch.sigmoid(a_o + p_o * c)
            h = o * torch.tanh(c)
            outputs.append(h)
        return torch.stack(outputs, dim=1), (h, c)


class ResetBeforeGru(_SingleLayerRecurrent):
    """GRU in the original Cho et al. form: the reset gate scales h₋₁ BEFORE the recurrent product.

    Row blocks r, z, n as nn.GRU:
        r = σ(W_ir x + b_ir + W_hr h₋₁ + b_hr)
        z = σ(W_iz x + b_iz + W_hz h₋₁ + b_hz)
        n = tanh(W_in x + b_in + W_hn (r ⊙ h₋₁) + b_hn)     nn.GRU has r ⊙ (W_hn h₋₁ + b_hn) here
        h = (1 − z) ⊙ n + z ⊙ h₋₁
    """

    def __init__(self, input_size, hidden_size):
        super().__init__(input_size, hidden_size, gates=3)
        self.reset_parameters()

    def forward(self, x):
        batch, steps, _ = x.shape
        h = x.new_zeros(batch, self.hidden_size)
        w_hr, w_hz, w_hn = self.weight_hh_l0.chunk(3, dim=0)
        b_hr, b_hz, b_hn = self.bias_hh_l0.chunk(3, dim=0)
        outputs = []
        for t in range(steps):
            a_r, a_z, a_n = (x[:, t] @ self.weight_ih_l0.T + self.bias_ih_l0).chunk(3, dim=1)
            r = torch.sigmoid(a_r + h @ w_hr.T + b_hr)
            z = torch.sigmoid(a_z + h @ w_hz.T + b_hz)
            n = torch.tanh(a_n + (r * h) @ w_hn.T + b_hn)
            h = (1 - z) * n + z * h
            outputs.append(h)
        return torch.stack(outputs, dim=1), h
