using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Models;
using RnnCodegen.Benchmarks.Naive;

namespace RnnCodegen.Benchmarks.Suites;

/// <summary>One Gru step: generated code against the naive baseline, for every declared Gru model.</summary>
public class GruStepBenchmarks : StepBenchmarks<NaiveGruCell>
{
    /// <summary>The generated model's step.</summary>
    /// <remarks><c>Unsafe.As</c>: the setup created exactly this type, and a checked cast would add work to the measured path.</remarks>
    [Benchmark]
    public void Generated()
    {
        switch (Model)
        {
            case DeclaredModel.Gru_1_8_1:
                Unsafe.As<Gru_1_8_1>(GeneratedModel).Step(Input, Output);
                break;
            case DeclaredModel.Gru_1_32_1:
                Unsafe.As<Gru_1_32_1>(GeneratedModel).Step(Input, Output);
                break;
            case DeclaredModel.Gru_1_64_1:
                Unsafe.As<Gru_1_64_1>(GeneratedModel).Step(Input, Output);
                break;
            case DeclaredModel.Gru_16_64_16:
                Unsafe.As<Gru_16_64_16>(GeneratedModel).Step(Input, Output);
                break;
            case DeclaredModel.Gru_64_128_64:
                Unsafe.As<Gru_64_128_64>(GeneratedModel).Step(Input, Output);
                break;
            case DeclaredModel.Gru_128_256_128:
                Unsafe.As<Gru_128_256_128>(GeneratedModel).Step(Input, Output);
                break;
            default:
                throw new UnreachableException($"No case for {Model}.");
        }
    }
}
