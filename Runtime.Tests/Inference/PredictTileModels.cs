namespace RnnCodegen.Tests.Inference;

// Models only the Predict tile tests use: where the input projection stops (a first layer too large to project, a
// Dense layer above the projected one).

/// <summary>The smallest LSTM whose tile of input projections exceeds Predict's stack budget: Predict steps it whole.</summary>
[RecurrentModel(InputSize = 3)]
[Lstm(1025)]
[Dense(2)]
public partial class LstmTooLargeToProjectModel;

/// <summary>A Dense layer between two recurrent layers: inside Predict's steps, after the projected first layer.</summary>
[RecurrentModel(InputSize = 5)]
[Lstm(12)]
[Dense(7, Activation = Activation.Tanh)]
[Gru(9)]
[Dense(2)]
public partial class DenseBetweenRecurrentModel;
