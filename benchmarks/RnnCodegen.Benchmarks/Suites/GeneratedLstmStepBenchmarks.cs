using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Models;

namespace RnnCodegen.Benchmarks.Suites;

/// <summary>
/// The generated LSTM step, once per job of the derived suite's config (<see cref="SimdPathBenchmarks"/>,
/// <see cref="NativeAotBenchmarks"/>). The setup's correctness guard runs under each job's settings, so every path
/// is checked before it is timed.
/// </summary>
[MemoryDiagnoser]
public abstract class GeneratedLstmStepBenchmarks
{
    private object _generated = null!;
    private float[] _input = null!;
    private float[] _output = null!;

    /// <summary>The model measured.</summary>
    [Params(DeclaredModel.Lstm_1_32_1, DeclaredModel.Lstm_64_128_64)]
    public DeclaredModel Model { get; set; }

    /// <summary>Builds the model, checks it against the naive reference and logs the path this process takes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ModelPair pair = ModelCatalog.CreateVerified(Model);
        _generated = pair.Generated;
        _input = pair.RandomInputs(steps: 1);
        _output = new float[pair.Descriptor.OutputSize];
        string path = Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";
        Console.WriteLine($"// SIMD path taken by the generated code: {path}");
    }

    /// <summary>The generated model's step.</summary>
    /// <remarks><c>Unsafe.As</c>: the setup created exactly this type, and a checked cast would add work to the measured path.</remarks>
    [Benchmark]
    public void Generated()
    {
        switch (Model)
        {
            case DeclaredModel.Lstm_1_32_1:
                Unsafe.As<Lstm_1_32_1>(_generated).Step(_input, _output);
                break;
            case DeclaredModel.Lstm_64_128_64:
                Unsafe.As<Lstm_64_128_64>(_generated).Step(_input, _output);
                break;
            default:
                throw new UnreachableException($"No case for {Model}.");
        }
    }
}
