using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Models;
using RnnCodegen.Benchmarks.Naive;

namespace RnnCodegen.Benchmarks.Suites;

/// <summary>One SimpleRnn step: generated code against the naive baseline, for every declared SimpleRnn model.</summary>
public class SimpleRnnStepBenchmarks : StepBenchmarks<NaiveSimpleRnnCell>
{
    /// <summary>The generated model's step.</summary>
    /// <remarks><c>Unsafe.As</c>: the setup created exactly this type, and a checked cast would add work to the measured path.</remarks>
    [Benchmark]
    public void Generated()
    {
        switch (Model)
        {
            case DeclaredModel.SimpleRnn_1_32_1:
                Unsafe.As<SimpleRnn_1_32_1>(GeneratedModel).Step(Input, Output);
                break;
            case DeclaredModel.SimpleRnn_64_128_64:
                Unsafe.As<SimpleRnn_64_128_64>(GeneratedModel).Step(Input, Output);
                break;
            default:
                throw new UnreachableException($"No case for {Model}.");
        }
    }
}
