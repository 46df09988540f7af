"""Makes Runtime.Tests/Fixtures/{case}.init.safetensors: the parameters RnnCodegen's seeded initialisation must give.

Run: /usr/bin/python3 tools/make_init_fixtures.py

An independent re-implementation of ParameterInitializer's contract, so a test can pin the C# initialiser bit for bit
on every SIMD path: one SplitMix64 stream (Steele, Lea and Flood 2014; the published constants) seeded with the
seed's 32 bits, drawn layer by layer, tensor by tensor in state-dict order, row-major:
  recurrent layers (RNN, LSTM, GRU; peepholes too)  uniform in ±1/√hidden, as PyTorch's nn.RNN/LSTM/GRU
  Dense (nn.Linear), weight and bias                uniform in ±1/√inputs
  Embedding                                         standard normal (Box–Muller), as nn.Embedding
A uniform value is (2u − 1)·bound in float32 with u = (bits >> 40) / 2^24; a normal one is
√(−2 ln u1) · cos(2π u2) in float64 with u1 = ((bits >> 11) + 1) / 2^53 and u2 = (bits >> 11) / 2^53, rounded to float32.

Per case, tensors `seed{S}.{state-dict name}` for each seed in SEEDS (F32, PyTorch shapes).
"""

import math

import numpy as np
import torch

from fixture_models import Dense, Embedding, RecurrentNetwork
from make_fixtures import CASES, FIXTURES
from safetensors_io import read_safetensors, write_safetensors

# The models' default seed (ParameterInitializer.DefaultSeed), and a negative one: the stream takes its 32 bits.
SEEDS = (42, -7)
# Every layer kind and variant: Embedding, LSTM (with and without peepholes), GRU (both forms), SimpleRnn, Dense first.
CASE_NAMES = ("embedding_lm", "lstm_stacked_peephole", "stacked", "gru_reset_before", "dense_first")

MASK64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next_bits(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def uniform(self, bound):
        """(2u − 1)·bound, every operation in float32."""
        u = np.float32((self.next_bits() >> 40) * 2.0 ** -24)
        return (np.float32(2) * u - np.float32(1)) * bound

    def normal(self):
        u1 = ((self.next_bits() >> 11) + 1) * 2.0 ** -53
        u2 = (self.next_bits() >> 11) * 2.0 ** -53
        return np.float32(math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2))


def bound_of(declaration, input_size):
    """1/√n in float32: n = inputs for Dense, hidden for recurrent layers."""
    n = input_size if isinstance(declaration, Dense) else declaration.hidden
    return np.float32(1) / np.sqrt(np.float32(n))


def initial_parameters(case, seed):
    network = RecurrentNetwork(case.input_size, case.layers)
    random = SplitMix64(seed)
    parameters = {}
    input_size = case.input_size
    for index, declaration in enumerate(case.layers):
        embedding = isinstance(declaration, Embedding)
        bound = None if embedding else bound_of(declaration, input_size)
        for name, tensor in network.layers[index].state_dict().items():
            values = np.empty(tensor.numel(), dtype=np.float32)
            for i in range(values.size):
                values[i] = random.normal() if embedding else random.uniform(bound)
            parameters[f"layers.{index}.{name}"] = torch.from_numpy(values.reshape(tuple(tensor.shape)))
        input_size = declaration.output_size
    return parameters


def check(case, parameters, seed):
    """Refuses a fixture that breaks the contract it pins: every uniform value inside its bound, names as PyTorch's."""
    expected_names = list(RecurrentNetwork(case.input_size, case.layers).state_dict())
    if list(parameters) != expected_names:
        raise AssertionError(f"{case.name}: names {list(parameters)} differ from the state dict's {expected_names}")
    input_size = case.input_size
    for index, declaration in enumerate(case.layers):
        if not isinstance(declaration, Embedding):
            bound = bound_of(declaration, input_size)
            for name, tensor in parameters.items():
                if name.startswith(f"layers.{index}.") and tensor.abs().max() > bound:
                    raise AssertionError(f"{case.name} seed {seed}: {name} leaves ±{bound}")
        input_size = declaration.output_size


def main():
    cases = {case.name: case for case in CASES}
    for case_name in CASE_NAMES:
        case = cases[case_name]
        tensors = {}
        for seed in SEEDS:
            parameters = initial_parameters(case, seed)
            check(case, parameters, seed)
            tensors.update({f"seed{seed}.{name}": tensor for name, tensor in parameters.items()})
        path = FIXTURES / f"{case.name}.init.safetensors"
        write_safetensors(path, tensors, {"signature": case.signature})
        read_back, _ = read_safetensors(path)
        if list(read_back) != list(tensors) or any(not torch.equal(read_back[n], t) for n, t in tensors.items()):
            raise AssertionError(f"{path.name} differs after reading back")
        print(f"{path.name}: {sum(t.numel() for t in tensors.values())} values, seeds {SEEDS}")


if __name__ == "__main__":
    main()
