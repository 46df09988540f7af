namespace RnnCodegen.Tests.Models;

// One declaration per PyTorch fixture made by tools/make_fixtures.py; names follow the fixture files.

[RecurrentModel(InputSize = 3)]
[SimpleRnn(5)]
[Dense(2)]
public partial class SimpleTanhModel;

[RecurrentModel(InputSize = 3)]
[SimpleRnn(12, Activation = Activation.Relu)]
[Dense(4, Activation = Activation.Tanh)]
public partial class SimpleReluModel;

[RecurrentModel(InputSize = 1)]
[Lstm(32)]
[Dense(1)]
public partial class LstmModel;

[RecurrentModel(InputSize = 4)]
[Lstm(10, Peepholes = true)]
[Dense(3, Activation = Activation.Sigmoid)]
public partial class LstmPeepholeModel;

[RecurrentModel(InputSize = 4)]
[Gru(16)]
[Dense(2, Activation = Activation.Relu)]
public partial class GruModel;

[RecurrentModel(InputSize = 4)]
[Gru(9, ResetAfter = false)]
[Dense(3)]
public partial class GruResetBeforeModel;

[RecurrentModel(InputSize = 4)]
[Gru(16)]
[SimpleRnn(8, Activation = Activation.Relu)]
[Dense(2, Activation = Activation.Sigmoid)]
public partial class StackedModel;

[RecurrentModel]
[Embedding(11, 6)]
[Lstm(20)]
[Lstm(20)]
[Dense(11, Activation = Activation.Softmax)]
public partial class EmbeddingLmModel;

[RecurrentModel(InputSize = 3)]
[Dense(6, Activation = Activation.Tanh)]
[Gru(8)]
[Dense(5)]
[Dense(1)]
public partial class DenseFirstModel;

[RecurrentModel(InputSize = 16)]
[Lstm(64)]
[Dense(16)]
public partial class LstmWideModel;

[RecurrentModel(InputSize = 2)]
[Lstm(13, Peepholes = true)]
[Lstm(7)]
[Dense(3, Activation = Activation.Softmax)]
public partial class LstmStackedPeepholeModel;
