using RnnCodegen.Internals;
using System;
using System.Collections.Generic;
using System.Linq;

namespace RnnCodegen.Layout;

/// <summary>
/// A model's layers, their parameter tensors and where they live in the flat parameter storage.
/// Generated models expose theirs as a static property; serialization and initialization work from it.
/// </summary>
public sealed class ModelDescriptor
{
    private readonly LayerDescriptor[] _layers;
    private readonly TensorDescriptor[] _tensors;

    /// <summary>Describes a model with <paramref name="inputSize"/> float inputs (0 for a token model) and the given layers.</summary>
    /// <exception cref="ArgumentException">The layers do not form a valid model.</exception>
    public ModelDescriptor(int inputSize, params ReadOnlySpan<LayerSpec> layers)
    {
        if (layers.IsEmpty)
        {
            throw new ArgumentException("A model needs at least one layer.", nameof(layers));
        }

        TokenInput = layers[0].Kind == LayerKind.Embedding;
        if (TokenInput != (inputSize == 0))
        {
            throw new ArgumentException(TokenInput
                ? "A model whose first layer is an Embedding takes tokens: its input size must be 0."
                : $"Input size must be positive, was {inputSize}.", nameof(inputSize));
        }

        _layers = new LayerDescriptor[layers.Length];
        int width = inputSize;
        int offset = 0;
        for (int k = 0; k < layers.Length; k++)
        {
            LayerSpec spec = layers[k];
            if (spec.Kind == LayerKind.Embedding && k > 0)
            {
                throw new ArgumentException($"Layer {k}: an Embedding can only be the first layer.", nameof(layers));
            }

            int layerInput = spec.Kind == LayerKind.Embedding ? spec.VocabularySize : width;
            _layers[k] = LayerDescriptor.Create(spec.Kind, k, layerInput, spec.Size, spec.Activation, spec.Peepholes, spec.ResetAfter, offset);
            offset += _layers[k].StorageLength;
            width = spec.Size;
        }

        InputSize = TokenInput ? 1 : inputSize;
        VocabularySize = TokenInput ? layers[0].VocabularySize : 0;
        OutputSize = width;
        StorageLength = offset;
        _tensors = _layers.SelectMany(layer => layer.Tensors).ToArray();
        ParameterCount = _tensors.Sum(tensor => tensor.ElementCount);
        StateLength = _layers.Where(layer => layer.IsRecurrent)
            .Sum(layer => BlockLayout.Padded(layer.Size) * (layer.Kind == LayerKind.Lstm ? LstmLayout.StateVectors : 1));
        Signature = (TokenInput ? "Tokens" : $"Input({inputSize})") + " " + string.Join(" ", _layers.Select(layer => layer.Signature));
    }

    /// <summary>True when the model takes integer tokens (its first layer is an Embedding).</summary>
    public bool TokenInput { get; }

    /// <summary>Inputs per time step: the declared input size, or 1 (one token) for a token model.</summary>
    public int InputSize { get; }

    /// <summary>The Embedding's vocabulary size for a token model; 0 otherwise.</summary>
    public int VocabularySize { get; }

    /// <summary>Outputs per time step.</summary>
    public int OutputSize { get; }

    /// <summary>Number of real parameters, as PyTorch's <c>sum(p.numel())</c> counts them.</summary>
    public int ParameterCount { get; }

    /// <summary>Length of the parameter (and gradient) storage, including the zero padding of partial blocks.</summary>
    public int StorageLength { get; }

    /// <summary>Floats of recurrent state per stream (hidden and cell vectors, padded to whole blocks).</summary>
    public int StateLength { get; }

    /// <summary>The layers in declaration order.</summary>
    public IReadOnlyList<LayerDescriptor> Layers => _layers;

    /// <summary>Every parameter tensor in PyTorch's state-dict order.</summary>
    public IReadOnlyList<TensorDescriptor> Tensors => _tensors;

    /// <summary>Identifies the architecture, e.g. <c>Input(1) Lstm(32) Dense(1, Linear)</c>. Equal signatures mean interchangeable parameters.</summary>
    public string Signature { get; }

    /// <summary>Finds a tensor by its PyTorch name.</summary>
    public TensorDescriptor? FindTensor(string name) => Array.Find(_tensors, tensor => tensor.Name == name);

    /// <summary>Copies every tensor out of <paramref name="storage"/>, one after another in state-dict order.</summary>
    public void GatherCanonical(ReadOnlySpan<float> storage, Span<float> canonical)
    {
        CheckLengths(storage.Length, canonical.Length);
        foreach (TensorDescriptor tensor in _tensors)
        {
            tensor.Gather(storage, canonical[..tensor.ElementCount]);
            canonical = canonical[tensor.ElementCount..];
        }
    }

    /// <summary>Copies tensors laid out one after another in state-dict order into <paramref name="storage"/>.</summary>
    public void ScatterCanonical(ReadOnlySpan<float> canonical, Span<float> storage)
    {
        CheckLengths(storage.Length, canonical.Length);
        foreach (TensorDescriptor tensor in _tensors)
        {
            tensor.Scatter(canonical[..tensor.ElementCount], storage);
            canonical = canonical[tensor.ElementCount..];
        }
    }

    private void CheckLengths(int storage, int canonical)
    {
        if (storage != StorageLength)
        {
            throw new ArgumentException($"Parameter storage must hold {StorageLength} floats, was {storage}.");
        }

        if (canonical != ParameterCount)
        {
            throw new ArgumentException($"The canonical parameters must hold {ParameterCount} floats, was {canonical}.");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Signature;
}
