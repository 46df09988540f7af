namespace RnnCodegen.Benchmarks.Models;

/// <summary>
/// The models this suite measures: each value names the declared class of the same name (input_hidden_output).
/// Benchmarks take it as a parameter, so the table shows it and a <c>switch</c> picks the concrete type.
/// </summary>
public enum DeclaredModel
{
    Lstm_1_8_1,
    Lstm_1_32_1,
    Lstm_1_64_1,
    Lstm_16_64_16,
    Lstm_64_128_64,
    Lstm_128_256_128,
    Gru_1_8_1,
    Gru_1_32_1,
    Gru_1_64_1,
    Gru_16_64_16,
    Gru_64_128_64,
    Gru_128_256_128,
    SimpleRnn_1_32_1,
    SimpleRnn_64_128_64,
}
