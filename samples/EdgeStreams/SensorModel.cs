using RnnCodegen;

namespace EdgeStreams;

/// <summary>
/// Reads one sensor value per step and predicts the next. One instance (one set of weights) serves every stream;
/// each stream keeps only its own <see cref="State"/>: 16 floats of GRU hidden state.
/// </summary>
[RecurrentModel(InputSize = 1)]
[Gru(16)]
[Dense(1)]
public partial class SensorModel;
