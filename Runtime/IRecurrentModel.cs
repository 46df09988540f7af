using System;
using RnnCodegen.Layout;

namespace RnnCodegen;

/// <summary>
/// What every generated model is to the runtime: its layout, its parameters and its gradients.
/// Generic code (trainer, serialization) reaches models through static abstract members, without
/// reflection, so it stays NativeAOT and trimming safe.
/// </summary>
/// <typeparam name="TSelf">The generated model type.</typeparam>
public interface IRecurrentModel<TSelf>
    where TSelf : class, IRecurrentModel<TSelf>
{
    /// <summary>The model's layers, tensors and storage layout.</summary>
    static abstract ModelDescriptor Descriptor { get; }

    /// <summary>A new model whose parameters are initialized from <paramref name="seed"/>.</summary>
    static abstract TSelf Create(int seed);

    /// <summary>The flat parameter storage (<see cref="ModelDescriptor.StorageLength"/> floats, layout of <see cref="LayerDescriptor"/>).</summary>
    Span<float> Parameters { get; }

    /// <summary>Gradients in the same layout as <see cref="Parameters"/>.</summary>
    Span<float> Gradients { get; }
}
