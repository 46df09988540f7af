"""Makes the PyTorch reference fixtures in Runtime.Tests/Fixtures/. Run: /usr/bin/python3 tools/make_fixtures.py

Per case:
  {case}.safetensors        the model's state dict (F32), in state-dict order; metadata format=pt, signature
  {case}.io.safetensors     `input` F32 [T, I] (or `tokens` I64 [T]): one sequence from a zero state;
                            `output` F32 [T, O]: the activated outputs at every step
  {case}.train.safetensors  a batch of B sequences, `input` F32 [B, T, I] (or `tokens` I64 [B, T]);
                            `target` F32 [B, T, O] (MSE on the activated output) or `classes` I64 [B, T]
                            (cross-entropy on the last Dense layer's pre-softmax values); `loss` F32 [1] of the
                            initial weights; `grad.{name}` its gradient; the weights after optimizer runs
                            under `sgd.`, `adam.`, `adamw.`, `sgd_clip.` (see OPTIMIZER_RUNS)

The weights are float32; every reference is computed in float64 from those exact values and rounded to float32
once at the end. Threads are pinned to one so reruns give the same bytes.
"""

import copy
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from fixture_models import Dense, Embedding, Gru, Lstm, RecurrentNetwork, SimpleRnn, signature
from recurrent_variants import PeepholeLstm, ResetBeforeGru
from safetensors_io import read_safetensors, write_safetensors

FIXTURES = Path(__file__).resolve().parent.parent / "Runtime.Tests" / "Fixtures"

# PyTorch's default initialisation, scaled up so gates and outputs sit away from 0 without saturating.
INIT_SCALE = 1.5
INPUT_RANGE = 1.5  # inputs ~ U(-1.5, 1.5)
TRAINING_BATCH = 6  # one whole tile of 4 rows and 2 rows alone, so parity covers both trainer paths
# The model's seed is torch.manual_seed(case.seed); its data come from their own generators, offset from it.
INFERENCE_DATA_SEED_OFFSET = 1000
TRAINING_DATA_SEED_OFFSET = 2000
SATURATION_BOUNDS = {"Sigmoid": (0.0, 1.0), "Tanh": (-1.0, 1.0)}


@dataclass(frozen=True)
class Case:
    name: str
    seed: int
    input_size: int  # 1 for a token model, as RnnCodegen counts it
    layers: tuple
    steps: int

    @property
    def token_input(self):
        return isinstance(self.layers[0], Embedding)

    @property
    def output_size(self):
        return self.layers[-1].output_size

    @property
    def cross_entropy(self):
        return self.layers[-1].activation == "Softmax"

    @property
    def signature(self):
        return signature(self.input_size, self.layers)


CASES = [
    Case("simple_tanh", 101, 3, (SimpleRnn(5), Dense(2)), steps=7),
    Case("simple_relu", 102, 3, (SimpleRnn(12, "Relu"), Dense(4, "Tanh")), steps=6),
    Case("lstm", 103, 1, (Lstm(32), Dense(1)), steps=10),
    Case("lstm_peephole", 104, 4, (Lstm(10, peepholes=True), Dense(3, "Sigmoid")), steps=8),
    Case("gru", 105, 4, (Gru(16), Dense(2, "Relu")), steps=8),
    Case("gru_reset_before", 106, 4, (Gru(9, reset_after=False), Dense(3)), steps=8),
    Case("stacked", 107, 4, (Gru(16), SimpleRnn(8, "Relu"), Dense(2, "Sigmoid")), steps=9),
    Case("embedding_lm", 108, 1, (Embedding(11, 6), Lstm(20), Lstm(20), Dense(11, "Softmax")), steps=12),
    Case("dense_first", 109, 3, (Dense(6, "Tanh"), Gru(8), Dense(5, "Linear"), Dense(1)), steps=5),
    Case("lstm_wide", 110, 16, (Lstm(64), Dense(16)), steps=6),
    Case("lstm_stacked_peephole", 111, 2, (Lstm(13, peepholes=True), Lstm(7), Dense(3, "Softmax")), steps=7),
]


@dataclass(frozen=True)
class OptimizerRun:
    prefix: str
    steps: int
    make: object  # parameters -> torch.optim.Optimizer
    clip_norm: float = None  # torch.nn.utils.clip_grad_norm_ before each step


OPTIMIZER_RUNS = [
    OptimizerRun("sgd", 1, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01)),
    OptimizerRun("adam", 3, lambda p: torch.optim.Adam(p, lr=0.01)),
    OptimizerRun("adamw", 3, lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1)),
    OptimizerRun("sgd_clip", 3, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9), clip_norm=0.5),
]


# ---- models and data ---------------------------------------------------------------------------------------

def build_model(case):
    """The float32 model: PyTorch's default initialisation under torch.manual_seed(case.seed), times INIT_SCALE."""
    torch.manual_seed(case.seed)
    model = RecurrentNetwork(case.input_size, case.layers)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.mul_(INIT_SCALE)
    return model


def in_float64(model):
    """A float64 copy holding exactly the same (float32-representable) weights."""
    return copy.deepcopy(model).double()


def as_float32(tensors):
    return {name: tensor.detach().float() for name, tensor in tensors.items()}


def random_inputs(case, leading_shape, generator):
    """Tokens I64 [*leading_shape, T], or inputs F32 [*leading_shape, T, I] ~ U(-1.5, 1.5)."""
    shape = (*leading_shape, case.steps)
    if case.token_input:
        return torch.randint(case.layers[0].vocabulary, shape, generator=generator)
    uniform = torch.rand((*shape, case.input_size), generator=generator, dtype=torch.float64)
    return ((uniform * 2 - 1) * INPUT_RANGE).float()


def random_targets(case, batch, generator):
    """Classes I64 [B, T] for cross-entropy, or targets F32 [B, T, O] inside the output activation's range."""
    shape = (batch, case.steps)
    if case.cross_entropy:
        return torch.randint(case.output_size, shape, generator=generator)
    uniform = torch.rand((*shape, case.output_size), generator=generator, dtype=torch.float64)
    low = 0.0 if case.layers[-1].activation in ("Sigmoid", "Relu") else -1.0
    return (low + (1 - low) * uniform).float()


def model_input(x):
    """What a float64 model takes: float inputs widened, tokens as they are."""
    return x.double() if x.is_floating_point() else x


def loss_of(case, model, inputs, targets):
    """nn.MSELoss on the activated output, or nn.CrossEntropyLoss on the last Dense layer's logits; both means."""
    if case.cross_entropy:
        logits = model.logits(model_input(inputs))
        return F.cross_entropy(logits.reshape(-1, case.output_size), targets.reshape(-1))
    return F.mse_loss(model(model_input(inputs)), model_input(targets))


# ---- references --------------------------------------------------------------------------------------------

def inference_fixture(case, model):
    generator = torch.Generator().manual_seed(case.seed + INFERENCE_DATA_SEED_OFFSET)
    inputs = random_inputs(case, (), generator)
    with torch.no_grad():
        outputs = in_float64(model)(model_input(inputs).unsqueeze(0))[0]
    return {"tokens" if case.token_input else "input": inputs, "output": outputs.float()}


def initial_gradient(case, model, inputs, targets):
    """(loss, gradient) of the initial weights, in float64."""
    reference = in_float64(model)
    loss = loss_of(case, reference, inputs, targets)
    loss.backward()
    return loss.detach(), {name: parameter.grad for name, parameter in reference.named_parameters()}


def trained_weights(case, model, inputs, targets, run):
    """The state dict after `run.steps` float64 optimizer steps on the same batch, the loss recomputed each step."""
    trained = in_float64(model)
    optimizer = run.make(trained.parameters())
    for _ in range(run.steps):
        optimizer.zero_grad()
        loss_of(case, trained, inputs, targets).backward()
        if run.clip_norm is not None:
            nn.utils.clip_grad_norm_(trained.parameters(), run.clip_norm)
        optimizer.step()
    return trained.state_dict()


def prefixed(prefix, tensors):
    return {f"{prefix}.{name}": tensor for name, tensor in as_float32(tensors).items()}


def training_fixture(case, model):
    generator = torch.Generator().manual_seed(case.seed + TRAINING_DATA_SEED_OFFSET)
    inputs = random_inputs(case, (TRAINING_BATCH,), generator)
    targets = random_targets(case, TRAINING_BATCH, generator)
    loss, gradient = initial_gradient(case, model, inputs, targets)

    fixture = {
        "tokens" if case.token_input else "input": inputs,
        "classes" if case.cross_entropy else "target": targets,
        "loss": loss.reshape(1).float(),
        **prefixed("grad", gradient),
    }
    for run in OPTIMIZER_RUNS:
        fixture.update(prefixed(run.prefix, trained_weights(case, model, inputs, targets, run)))
    return fixture


# ---- checks ------------------------------------------------------------------------------------------------

def verify_variants():
    """The hand-written layers agree with PyTorch's where the equations coincide.

    A peephole LSTM with zero peepholes is nn.LSTM. A reset-before GRU whose reset gate is exactly 1 (bias 40:
    σ(40) rounds to 1 in float64) is nn.GRU, since then W_hn (r ⊙ h) + b_hn = r ⊙ (W_hn h + b_hn).
    """
    torch.manual_seed(0)
    x = torch.rand(2, 5, 3, dtype=torch.float64) * 2 - 1

    lstm = nn.LSTM(3, 4, batch_first=True).double()
    peephole = PeepholeLstm(3, 4).double()
    gru = nn.GRU(3, 4, batch_first=True).double()
    reset_before = ResetBeforeGru(3, 4).double()
    with torch.no_grad():
        peephole.load_state_dict({**lstm.state_dict(), "weight_peephole_l0": torch.zeros(3, 4)})
        gru.bias_ih_l0[:4] = 40.0
        reset_before.load_state_dict(gru.state_dict())
        for name, ours, theirs in [("PeepholeLstm", peephole, lstm), ("ResetBeforeGru", reset_before, gru)]:
            difference = (ours(x)[0] - theirs(x)[0]).abs().max().item()
            if difference > 1e-12:
                raise AssertionError(f"{name} differs from PyTorch by {difference}")


def check_sane(case, outputs):
    """Refuses references that would test nothing: non-finite, constant, or pinned to a saturated value."""
    if not torch.isfinite(outputs).all():
        raise AssertionError(f"{case.name}: non-finite outputs")
    if outputs.std() < 1e-2:
        raise AssertionError(f"{case.name}: outputs hardly vary (std {outputs.std():.2g})")
    bounds = SATURATION_BOUNDS.get(case.layers[-1].activation)
    if bounds is not None:
        near_bound = torch.stack([(outputs - bound).abs() < 1e-3 for bound in bounds]).any(dim=0)
        if near_bound.double().mean() > 0.5:
            raise AssertionError(f"{case.name}: most outputs sit at the activation's bounds {bounds}")


def check_written_files(written):
    """Re-reads every file with our own reader, compares it bit for bit with what was meant to be written, and
    checks the stored weights, loaded into a fresh network, reproduce the stored outputs."""
    for path, tensors, metadata in written:
        read_back, read_metadata = read_safetensors(path)
        if list(read_back) != list(tensors) or read_metadata != (metadata or {}):
            raise AssertionError(f"{path.name}: names or metadata differ after reading back")
        for name, tensor in tensors.items():
            if read_back[name].dtype != tensor.dtype or not torch.equal(read_back[name], tensor):
                raise AssertionError(f"{path.name}: {name} differs after reading back")

    for case in CASES:
        weights, _ = read_safetensors(FIXTURES / f"{case.name}.safetensors")
        io, _ = read_safetensors(FIXTURES / f"{case.name}.io.safetensors")
        fresh = RecurrentNetwork(case.input_size, case.layers)
        fresh.load_state_dict(weights)
        with torch.no_grad():
            recomputed = in_float64(fresh)(model_input(io["tokens" if case.token_input else "input"]).unsqueeze(0))[0]
        if (recomputed.float() - io["output"]).abs().max() > 1e-6:
            raise AssertionError(f"{case.name}: the stored weights do not reproduce the stored outputs")


# ---- main --------------------------------------------------------------------------------------------------

def summary(case, model, io, train):
    parameters = sum(p.numel() for p in model.parameters())
    gradient_norm = torch.cat([t.reshape(-1) for n, t in train.items() if n.startswith("grad.")]).norm().item()
    output = io["output"]
    return (f"{case.name:22} seed={case.seed} params={parameters:5} "
            f"output in [{output.min():+.3f}, {output.max():+.3f}] std={output.std():.3f} "
            f"loss={train['loss'].item():.4f} |grad|={gradient_norm:.4f}  {case.signature}")


def main():
    torch.set_num_threads(1)
    verify_variants()
    FIXTURES.mkdir(parents=True, exist_ok=True)

    written = []
    for case in CASES:
        model = build_model(case)
        io = inference_fixture(case, model)
        check_sane(case, io["output"])
        train = training_fixture(case, model)
        files = [
            (f"{case.name}.safetensors", as_float32(model.state_dict()), {"format": "pt", "signature": case.signature}),
            (f"{case.name}.io.safetensors", io, None),
            (f"{case.name}.train.safetensors", train, None),
        ]
        for file_name, tensors, metadata in files:
            write_safetensors(FIXTURES / file_name, tensors, metadata)
            written.append((FIXTURES / file_name, tensors, metadata))
        print(summary(case, model, io, train))

    check_written_files(written)
    print(f"self-check: {len(written)} files read back identical; stored weights reproduce stored outputs")


if __name__ == "__main__":
    main()
