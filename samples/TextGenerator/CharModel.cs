using RnnCodegen;

namespace TextGenerator;

/// <summary>
/// A character-level language model: each step reads one character and gives the probabilities of the next.
/// An embedding turns the character into 16 numbers, two stacked LSTMs carry what was read so far, and a softmax
/// layer spreads one unit of probability over the <see cref="Vocabulary"/>.
/// </summary>
[RecurrentModel]
[Embedding(Vocabulary.Size, 16)]
[Lstm(64)]
[Lstm(64)]
[Dense(Vocabulary.Size, Activation = Activation.Softmax)]
public partial class CharModel;
