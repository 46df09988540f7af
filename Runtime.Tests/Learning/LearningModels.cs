namespace RnnCodegen.Tests.Learning;

// The models the learning tests train from scratch.

[RecurrentModel(InputSize = 1)]
[Lstm(16)]
[Dense(1)]
public partial class SineForecaster;

// The adding problem's two contenders have the same width, so only the kind of recurrent layer differs.

[RecurrentModel(InputSize = AddingProblem.Channels)]
[Lstm(16)]
[Dense(1)]
public partial class AddingLstm;

[RecurrentModel(InputSize = AddingProblem.Channels)]
[SimpleRnn(16)]
[Dense(1)]
public partial class AddingSimpleRnn;
