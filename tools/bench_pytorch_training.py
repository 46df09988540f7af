"""PyTorch's training throughput on the models of benchmarks/RnnCodegen.Benchmarks/Suites/TrainingBenchmarks.cs.

Run: /usr/bin/python3 tools/bench_pytorch_training.py     (about two minutes; not run by the tests or CI)

Each model is nn.LSTM or nn.GRU (batch_first) followed by nn.Linear, trained with torch.optim.Adam (lr 1e-3) on
nn.MSELoss, one batch of 16 sequences of 64 steps with random inputs and targets in [-1, 1), the same work one
TrainBatch does in the C# suite. One timed call is zero_grad + forward + loss + backward + step. After a warm-up,
the batches are timed in rounds of at least MIN_ROUND_SECONDS; the table reports the median round's time per batch
as sequence steps per second (batch x steps / time), with torch.set_num_threads(1) and with every core.
"""

import os
import statistics
import time

import torch
from torch import nn

BATCH_SIZE = 16
STEPS = 64
LEARNING_RATE = 1e-3
SEED = 1

WARMUP_SECONDS = 1.0
MIN_ROUND_SECONDS = 0.25
ROUNDS = 15

# name as in the C# suite (kind_input_hidden_output), recurrent module, input, hidden, output
MODELS = [
    ("Lstm_1_32_1", nn.LSTM, 1, 32, 1),
    ("Lstm_16_64_16", nn.LSTM, 16, 64, 16),
    ("Lstm_64_128_64", nn.LSTM, 64, 128, 64),
    ("Gru_1_32_1", nn.GRU, 1, 32, 1),
    ("Gru_16_64_16", nn.GRU, 16, 64, 16),
    ("Gru_64_128_64", nn.GRU, 64, 128, 64),
]


class RecurrentRegressor(nn.Module):
    """One recurrent layer and a linear head applied at every step, as the C# models declare them."""

    def __init__(self, recurrent, input_size, hidden_size, output_size):
        super().__init__()
        self.recurrent = recurrent(input_size, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, output_size)

    def forward(self, inputs):
        hidden, _ = self.recurrent(inputs)
        return self.head(hidden)


def seconds_per_batch(recurrent, input_size, hidden_size, output_size):
    """Median seconds of one training step on a fixed batch, after a warm-up."""
    torch.manual_seed(SEED)
    model = RecurrentRegressor(recurrent, input_size, hidden_size, output_size)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_function = nn.MSELoss()
    inputs = torch.rand(BATCH_SIZE, STEPS, input_size) * 2 - 1
    targets = torch.rand(BATCH_SIZE, STEPS, output_size) * 2 - 1

    def train_batch():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_function(model(inputs), targets)
        loss.backward()
        optimizer.step()

    batches = 0
    start = time.perf_counter()
    while time.perf_counter() - start < WARMUP_SECONDS:
        train_batch()
        batches += 1
    per_round = max(1, int(batches * MIN_ROUND_SECONDS / WARMUP_SECONDS))

    round_times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(per_round):
            train_batch()
        round_times.append((time.perf_counter() - start) / per_round)
    return statistics.median(round_times)


def main():
    cores = os.cpu_count() or 1
    thread_counts = [1] if cores == 1 else [1, cores]
    results = {}
    for threads in thread_counts:
        torch.set_num_threads(threads)
        for name, recurrent, input_size, hidden_size, output_size in MODELS:
            results[name, threads] = seconds_per_batch(recurrent, input_size, hidden_size, output_size)

    print(f"PyTorch {torch.__version__}, batch {BATCH_SIZE}, T = {STEPS}, Adam + MSELoss, "
          f"median of {ROUNDS} rounds; sequence steps/s = batch x T / time per batch")
    print()
    header = " | ".join(f"{threads} thread{'s' if threads > 1 else ''}: ms/batch | steps/s" for threads in thread_counts)
    print(f"| Model | {header} |")
    print("| --- |" + " ---: | ---: |" * len(thread_counts))
    for name, *_ in MODELS:
        cells = []
        for threads in thread_counts:
            seconds = results[name, threads]
            cells.append(f"{seconds * 1e3:.3f} | {BATCH_SIZE * STEPS / seconds:,.0f}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
