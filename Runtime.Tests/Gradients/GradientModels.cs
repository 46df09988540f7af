namespace RnnCodegen.Tests.Gradients;

// Models beside the PyTorch fixture models: hidden sizes above 8 that are not multiples of 8 (a partial last block),
// every Dense activation in a hidden position, a recurrent last layer, and a second token model.

[RecurrentModel(InputSize = 5)]
[Lstm(19)]
[Dense(2)]
public partial class Lstm19Model;

[RecurrentModel(InputSize = 3)]
[Gru(11, ResetAfter = false)]
[Dense(2, Activation = Activation.Tanh)]
public partial class GruResetBefore11Model;

[RecurrentModel(InputSize = 4)]
[SimpleRnn(10, Activation = Activation.Relu)]
[Dense(3, Activation = Activation.Sigmoid)]
public partial class SimpleRelu10Model;

[RecurrentModel(InputSize = 4)]
[Dense(3, Activation = Activation.Tanh)]
[Lstm(9, Peepholes = true)]
[Dense(2)]
public partial class DenseBeforeLstmModel;

[RecurrentModel(InputSize = 3)]
[Gru(11)]
[Lstm(17)]
[Dense(4, Activation = Activation.Softmax)]
public partial class StackedGruLstmModel;

[RecurrentModel(InputSize = 5)]
[Dense(9, Activation = Activation.Relu)]
[Dense(10, Activation = Activation.Softmax)]
[Dense(7, Activation = Activation.Sigmoid)]
[Gru(12)]
[Dense(3, Activation = Activation.Linear)]
public partial class DenseActivationsModel;

[RecurrentModel(InputSize = 3)]
[SimpleRnn(9)]
[Lstm(10, Peepholes = true)]
public partial class RecurrentOutputModel;

[RecurrentModel]
[Embedding(13, 9)]
[Gru(10, ResetAfter = false)]
[SimpleRnn(11, Activation = Activation.Relu)]
[Dense(13, Activation = Activation.Softmax)]
public partial class TokenGruModel;
