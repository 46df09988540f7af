namespace RnnCodegen.Tests.Inference;

/// <summary>The smallest LSTM whose tile of input projections exceeds Predict's stack budget: Predict steps it whole.</summary>
[RecurrentModel(InputSize = 3)]
[Lstm(1025)]
[Dense(2)]
public partial class LstmTooLargeToProjectModel;
