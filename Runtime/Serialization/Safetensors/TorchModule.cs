namespace RnnCodegen.Serialization;

/// <summary>
/// One module of a user's own PyTorch network, as its state dict names it: the prefix of its tensors and how many
/// consecutive declared layers it covers. An <c>nn.LSTM(..., num_layers=2)</c> saved as <c>encoder.lstm</c> is
/// <c>new TorchModule("encoder.lstm", 2)</c> (tensors <c>encoder.lstm.weight_ih_l0</c> … <c>_l1</c>); an
/// <c>nn.Linear</c> or <c>nn.Embedding</c> covers one layer.
/// </summary>
/// <param name="Name">The module's state-dict prefix without the trailing dot, e.g. <c>head</c>; empty for tensors saved without one.</param>
/// <param name="Layers">Declared layers the module covers: its <c>num_layers</c> for an <c>nn.RNN</c>, <c>nn.LSTM</c> or <c>nn.GRU</c>, otherwise 1.</param>
public readonly record struct TorchModule(string Name, int Layers = 1);
