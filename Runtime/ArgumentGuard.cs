using System;
using System.ComponentModel;

namespace RnnCodegen.Internals;

/// <summary>
/// Argument checks of generated models, with messages that name the expected and actual sizes.
/// Infrastructure for generated code: called once at the entry of Step, Predict and the training entry points.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ArgumentGuard
{
    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    public static void Length(int actual, int expected, string parameterName)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected exactly {expected} values, got {actual}.", parameterName);
        }
    }

    /// <summary>
    /// Throws unless <paramref name="actual"/> equals <paramref name="steps"/> · <paramref name="perStep"/>. The product is
    /// taken in <see cref="long"/>: in <see cref="int"/> a large step count wraps it to a small value a short span passes.
    /// </summary>
    public static void LengthPerStep(int actual, int steps, int perStep, string parameterName)
        => LengthPer(actual, steps, "steps", perStep, parameterName);

    /// <summary>
    /// Throws unless <paramref name="actual"/> equals <paramref name="streams"/> · <paramref name="perStream"/>, the values of
    /// a batched step (one row per stream). The product is taken in <see cref="long"/>, as in <see cref="LengthPerStep"/>.
    /// </summary>
    public static void LengthPerStream(int actual, int streams, int perStream, string parameterName)
        => LengthPer(actual, streams, "streams", perStream, parameterName);

    /// <summary>Throws unless every token of a batched step (one per stream) is in [0, <paramref name="vocabularySize"/>).</summary>
    public static void StreamTokens(ReadOnlySpan<int> tokens, int vocabularySize, string parameterName)
        => AllTokens(tokens, vocabularySize, "of stream", parameterName);

    /// <summary>
    /// Throws unless <paramref name="actual"/> is at least <paramref name="rows"/> · (<paramref name="steps"/> + 1) · <paramref name="perStep"/>:
    /// a training tape, whose step 0 of each row holds the state the row starts from. Taken in <see cref="Int128"/>, which no product of three ints overflows.
    /// </summary>
    public static void Tape(int actual, int rows, int steps, int perStep, string parameterName)
    {
        Int128 minimum = (Int128)rows * ((Int128)steps + 1) * perStep;
        if (actual < minimum)
        {
            throw new ArgumentException($"Expected at least {rows} rows × ({steps} + 1) steps × {perStep} = {minimum} values, got {actual}.", parameterName);
        }
    }

    /// <summary>Throws unless <paramref name="actual"/> is at least <paramref name="rows"/> · <paramref name="steps"/> · <paramref name="perStep"/>, taken in <see cref="Int128"/>.</summary>
    public static void AtLeastPerRowStep(int actual, int rows, int steps, int perStep, string parameterName)
    {
        Int128 minimum = (Int128)rows * steps * perStep;
        if (actual < minimum)
        {
            throw new ArgumentException($"Expected at least {rows} rows × {steps} steps × {perStep} = {minimum} values, got {actual}.", parameterName);
        }
    }

    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="rows"/> · <paramref name="steps"/> · <paramref name="perStep"/>, taken in <see cref="Int128"/>.</summary>
    public static void LengthPerRowStep(int actual, int rows, int steps, int perStep, string parameterName)
    {
        Int128 expected = (Int128)rows * steps * perStep;
        if (actual != expected)
        {
            throw new ArgumentException($"Expected {rows} rows × {steps} steps × {perStep} = {expected} values, got {actual}.", parameterName);
        }
    }

    /// <summary>Throws unless <paramref name="index"/> is in [0, <paramref name="count"/>).</summary>
    public static void Index(int index, int count, string parameterName)
    {
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(parameterName, index, $"Expected an index in [0, {count}), got {index}.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is positive.</summary>
    public static void Positive(int value, string parameterName)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"Expected a positive number, got {value}.");
        }
    }

    /// <summary>Throws unless <paramref name="token"/> is in [0, <paramref name="vocabularySize"/>).</summary>
    public static void Token(int token, int vocabularySize, string parameterName)
    {
        if ((uint)token >= (uint)vocabularySize)
        {
            throw new ArgumentOutOfRangeException(parameterName, token, $"Token {token} is outside the vocabulary [0, {vocabularySize}).");
        }
    }

    /// <summary>Throws unless every token is in [0, <paramref name="vocabularySize"/>).</summary>
    public static void Tokens(ReadOnlySpan<int> tokens, int vocabularySize, string parameterName)
        => AllTokens(tokens, vocabularySize, "at step", parameterName);

    /// <summary>
    /// Checks a whole sequence: <paramref name="inputs"/> values are a positive whole number T of steps of
    /// <paramref name="inputSize"/>, and <paramref name="outputs"/> is exactly T · <paramref name="outputSize"/>. Returns T.
    /// </summary>
    public static int Sequence(int inputs, int inputSize, int outputs, int outputSize, string inputsName, string outputsName)
    {
        if (inputs == 0 || inputs % inputSize != 0)
        {
            throw new ArgumentException($"Expected a positive multiple of {inputSize} values (one step of input each), got {inputs}.", inputsName);
        }

        int steps = inputs / inputSize;
        LengthPerStep(outputs, steps, outputSize, outputsName);
        return steps;
    }

    /// <summary>The check behind <see cref="LengthPerStep"/> and <see cref="LengthPerStream"/>: <paramref name="count"/> rows of <paramref name="perRow"/> values.</summary>
    private static void LengthPer(int actual, int count, string rows, int perRow, string parameterName)
    {
        long expected = (long)count * perRow;
        if (actual != expected)
        {
            throw new ArgumentException($"Expected {count} {rows} × {perRow} = {expected} values, got {actual}.", parameterName);
        }
    }

    /// <summary>The check behind <see cref="Tokens"/> and <see cref="StreamTokens"/>; <paramref name="position"/> says what an index counts.</summary>
    private static void AllTokens(ReadOnlySpan<int> tokens, int vocabularySize, string position, string parameterName)
    {
        for (int i = 0; i < tokens.Length; i++)
        {
            if ((uint)tokens[i] >= (uint)vocabularySize)
            {
                throw new ArgumentOutOfRangeException(parameterName, tokens[i], $"Token {tokens[i]} {position} {i} is outside the vocabulary [0, {vocabularySize}).");
            }
        }
    }
}
