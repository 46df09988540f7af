namespace RnnCodegen.Benchmarks.Peers.Models;

// The measured models, named kind_input_hidden_output: one LSTM layer and a linear Dense head, the sizes of the
// main suite's smallest latency-bound and its L2-bound case. Their weights are Weights/{name}.safetensors
// (tools/make_peer_models.py), which the ONNX graphs Weights/{name}.onnx hold too.

[RecurrentModel(InputSize = 1)]
[Lstm(32)]
[Dense(1)]
public partial class Lstm_1_32_1 : IGeneratedModel;

[RecurrentModel(InputSize = 64)]
[Lstm(128)]
[Dense(64)]
public partial class Lstm_64_128_64 : IGeneratedModel;
