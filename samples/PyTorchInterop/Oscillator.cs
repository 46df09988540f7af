using RnnCodegen;

namespace PyTorchInterop;

/// <summary>
/// The C# twin of train.py's <c>Oscillator</c> module: <c>nn.LSTM(1, 24, num_layers=2)</c> is two declared LSTM
/// layers, <c>nn.Linear(24, 2)</c> is the Dense head. Reads the force on a spring's mass per step and estimates
/// the mass's position and velocity.
/// </summary>
[RecurrentModel(InputSize = 1)]
[Lstm(24)]
[Lstm(24)]
[Dense(2)]
public partial class Oscillator;
