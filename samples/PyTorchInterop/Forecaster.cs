using RnnCodegen;

namespace PyTorchInterop;

/// <summary>The C# declaration of pytorch_side.py's <c>Forecaster</c>: <c>nn.LSTM(1, 16, num_layers=2)</c> and <c>nn.Linear(16, 1)</c>.</summary>
[RecurrentModel(InputSize = 1)]
[Lstm(16)]
[Lstm(16)]
[Dense(1)]
public partial class Forecaster;
