using RnnCodegen;

namespace SequenceClassifier;

/// <summary>
/// Reads a signal one value per step and, after the last step, says which <see cref="Shape"/> it is: the GRU
/// summarises the whole sequence in its state, the Dense layer turns that state into one probability per class.
/// </summary>
[RecurrentModel(InputSize = 1)]
[Gru(32)]
[Dense(Shapes.Count, Activation = Activation.Softmax)]
public partial class ShapeClassifier;
