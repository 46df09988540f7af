using System;

namespace RnnCodegen.Benchmarks.Peers.Engines;

/// <summary>
/// Refuses to time engines that compute different functions: a wrong weight copy, a stale ONNX graph or a broken
/// kernel must stop the run, not report numbers. The same 1e-4 bound as the main suite's guard.
/// </summary>
public static class EquivalenceGuard
{
    /// <summary>Steps long enough for the recurrent state to carry errors forward.</summary>
    public const int Steps = 20;

    /// <summary>Largest accepted difference of any output.</summary>
    public const float Tolerance = 1e-4f;

    private const int InputSeed = 7;

    /// <summary>
    /// Runs every engine <see cref="Steps"/> steps from the zero state and over the same sequence with Predict, on
    /// the same inputs, compares each peer with the generated model, prints the largest differences and resets all.
    /// </summary>
    /// <exception cref="InvalidOperationException">An output differs by more than <see cref="Tolerance"/>, or is NaN.</exception>
    public static void Verify(EngineSet engines)
    {
        ArgumentNullException.ThrowIfNull(engines);
        int inputSize = engines.Model.Descriptor.InputSize;
        int outputSize = engines.Model.Descriptor.OutputSize;
        var random = new Random(InputSeed);
        var inputs = new float[Steps * inputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (random.NextSingle() * 2f) - 1f;
        }

        float[] reference = Stepped(engines.Generated, inputs, inputSize, outputSize);
        var predicted = new float[reference.Length];
        engines.Generated.Predict(inputs, predicted);
        Compare(engines, engines.Generated, "Predict", reference, predicted);
        IEngine[] peers = engines.HasTorchSharp ? [engines.TorchSharp, engines.OnnxRuntime] : [engines.OnnxRuntime];
        foreach (IEngine peer in peers)
        {
            Compare(engines, peer, "Step", reference, Stepped(peer, inputs, inputSize, outputSize));
            peer.Predict(inputs, predicted);
            Compare(engines, peer, "Predict", reference, predicted);
        }
    }

    private static float[] Stepped(IEngine engine, float[] inputs, int inputSize, int outputSize)
    {
        var outputs = new float[Steps * outputSize];
        engine.Reset();
        for (int step = 0; step < Steps; step++)
        {
            engine.Step(inputs.AsSpan(step * inputSize, inputSize), outputs.AsSpan(step * outputSize, outputSize));
        }

        engine.Reset();
        return outputs;
    }

    private static void Compare(EngineSet engines, IEngine engine, string method, float[] reference, float[] outputs)
    {
        float largest = 0f;
        for (int i = 0; i < reference.Length; i++)
        {
            float difference = MathF.Abs(outputs[i] - reference[i]);
            // written so that NaN fails too
            if (!(difference <= Tolerance))
            {
                int outputSize = engines.Model.Descriptor.OutputSize;
                throw new InvalidOperationException(
                    $"{engines.Model.Name}: {engine.Name} {method}, step {i / outputSize}, output {i % outputSize}: "
                    + $"{outputs[i]:R} vs RnnCodegen Step {reference[i]:R} (difference {difference:R} > {Tolerance:R}); "
                    + "the benchmark would compare different functions.");
            }

            largest = MathF.Max(largest, difference);
        }

        Console.WriteLine($"// {engines.Model.Name}: {engine.Name} {method} agrees with RnnCodegen Step to {largest:E1} over {Steps} steps");
    }
}
