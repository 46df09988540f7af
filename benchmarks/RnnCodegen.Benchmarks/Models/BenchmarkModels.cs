namespace RnnCodegen.Benchmarks.Models;

// The measured models, named kind_input_hidden_output. Each also implements IStepModel (the generated part supplies
// Step and Reset) so the setup and the correctness guard can drive any of them; the timed code calls the concrete type,
// except StreamStepBenchmarks, which reaches the models it measures through IStreamStepModel.

[RecurrentModel(InputSize = 1)]
[Lstm(8)]
[Dense(1)]
public partial class Lstm_1_8_1 : IStepModel;

[RecurrentModel(InputSize = 1)]
[Lstm(32)]
[Dense(1)]
public partial class Lstm_1_32_1 : IStepModel, IStreamStepModel<Lstm_1_32_1.State>;

[RecurrentModel(InputSize = 1)]
[Lstm(64)]
[Dense(1)]
public partial class Lstm_1_64_1 : IStepModel;

[RecurrentModel(InputSize = 16)]
[Lstm(64)]
[Dense(16)]
public partial class Lstm_16_64_16 : IStepModel;

[RecurrentModel(InputSize = 64)]
[Lstm(128)]
[Dense(64)]
public partial class Lstm_64_128_64 : IStepModel, IStreamStepModel<Lstm_64_128_64.State>;

[RecurrentModel(InputSize = 128)]
[Lstm(256)]
[Dense(128)]
public partial class Lstm_128_256_128 : IStepModel;

[RecurrentModel(InputSize = 1)]
[Gru(8)]
[Dense(1)]
public partial class Gru_1_8_1 : IStepModel;

[RecurrentModel(InputSize = 1)]
[Gru(32)]
[Dense(1)]
public partial class Gru_1_32_1 : IStepModel, IStreamStepModel<Gru_1_32_1.State>;

[RecurrentModel(InputSize = 1)]
[Gru(64)]
[Dense(1)]
public partial class Gru_1_64_1 : IStepModel;

[RecurrentModel(InputSize = 16)]
[Gru(64)]
[Dense(16)]
public partial class Gru_16_64_16 : IStepModel;

[RecurrentModel(InputSize = 64)]
[Gru(128)]
[Dense(64)]
public partial class Gru_64_128_64 : IStepModel, IStreamStepModel<Gru_64_128_64.State>;

[RecurrentModel(InputSize = 128)]
[Gru(256)]
[Dense(128)]
public partial class Gru_128_256_128 : IStepModel;

[RecurrentModel(InputSize = 1)]
[SimpleRnn(32)]
[Dense(1)]
public partial class SimpleRnn_1_32_1 : IStepModel;

[RecurrentModel(InputSize = 64)]
[SimpleRnn(128)]
[Dense(64)]
public partial class SimpleRnn_64_128_64 : IStepModel;
