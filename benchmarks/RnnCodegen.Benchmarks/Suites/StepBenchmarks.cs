using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using RnnCodegen.Benchmarks.Models;
using RnnCodegen.Benchmarks.Naive;
using RnnCodegen.Benchmarks.Reporting;

namespace RnnCodegen.Benchmarks.Suites;

/// <summary>
/// One <c>Step</c> (batch 1, the model's own state) of every declared model of one kind: the naive baseline here, the
/// generated model in the derived class, which calls the concrete type through a <c>switch</c> so that neither
/// measured path makes a virtual call.
/// </summary>
/// <typeparam name="TCell">The kind; a struct, so this class is compiled for it and <see cref="Naive"/> calls directly.</typeparam>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public abstract class StepBenchmarks<TCell>
    where TCell : struct, INaiveCell
{
    private NaiveModel<TCell> _naive = null!;

    /// <summary>The model measured.</summary>
    [ParamsSource(nameof(ModelsOfThisKind))]
    public DeclaredModel Model { get; set; }

    /// <summary>The generated model of type <see cref="Model"/>.</summary>
    private protected object GeneratedModel { get; private set; } = null!;

    /// <summary>One step of random inputs.</summary>
    private protected float[] Input { get; private set; } = null!;

    /// <summary>Receives one step of outputs.</summary>
    private protected float[] Output { get; private set; } = null!;

    /// <summary>The declared models of this kind: the values of <see cref="Model"/>.</summary>
    public IEnumerable<DeclaredModel> ModelsOfThisKind() => ModelCatalog.OfKind(TCell.Kind);

    /// <summary>Builds both models with the same weights and refuses to go on if they disagree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ModelPair pair = ModelCatalog.CreateVerified(Model);
        GeneratedModel = pair.Generated;
        _naive = (NaiveModel<TCell>)pair.Naive;
        Input = pair.RandomInputs(steps: 1);
        Output = new float[pair.Descriptor.OutputSize];
    }

    /// <summary>Hand-written scalar C#.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() => _naive.Step(Input, Output);
}
