using RnnCodegen;

namespace SineForecast;

/// <summary>Reads one value of a wave per step and predicts the next one.</summary>
[RecurrentModel(InputSize = 1)]
[Lstm(32)]
[Dense(1)]
public partial class SinePredictor;
