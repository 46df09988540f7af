using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RnnCodegen.Generator.Diagnostics;
using RnnCodegen.Generator.Model;

namespace RnnCodegen.Generator.Parsing;

/// <summary>Reads each layer attribute, checks its values and chains the layers: sizes, inputs and storage offsets.</summary>
internal static class LayerBuilder
{
    public static List<LayerModel> Build(string modelName, int inputSize, List<(AttributeData Data, AttributeSyntax Syntax)> attributes, List<DiagnosticInfo> diagnostics)
    {
        var layers = new List<LayerModel>(attributes.Count);
        int width = inputSize;
        long offset = 0;
        for (int index = 0; index < attributes.Count; index++)
        {
            (AttributeData data, AttributeSyntax syntax) = attributes[index];
            LayerKind kind = ModelParser.LayerKindOf(data)!.Value;
            Location location = syntax.GetLocation();
            string owner = $"layer {index} ({kind}) of '{modelName}'";
            int size = IntArgument(data, kind == LayerKind.Embedding ? 1 : 0);
            ModelParser.CheckSize(diagnostics, location, kind switch
            {
                LayerKind.Embedding => "EmbeddingSize",
                LayerKind.Dense => "Outputs",
                _ => "HiddenSize",
            }, owner, size, Limits.MaxLayerSize);

            int layerInput = width;
            if (kind == LayerKind.Embedding)
            {
                layerInput = IntArgument(data, 0);
                ModelParser.CheckSize(diagnostics, location, "VocabularySize", owner, layerInput, Limits.MaxVocabularySize);
                if (index > 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmbeddingNotFirst, location, index.ToString(CultureInfo.InvariantCulture), modelName));
                }
            }

            Activation activation = ReadActivation(data, kind, size, location, owner, diagnostics);
            bool peepholes = NamedBool(data, "Peepholes") ?? false;
            bool resetAfter = NamedBool(data, "ResetAfter") ?? true;
            if (size <= 0 || layerInput <= 0 || offset > Limits.MaxStorageLength)
            {
                // Keep chaining with a harmless size so every later layer is still checked.
                size = System.Math.Max(size, 1);
                layerInput = System.Math.Max(layerInput, 1);
            }

            var layer = new LayerModel(kind, index, layerInput, size, activation, peepholes, resetAfter, (int)System.Math.Min(offset, int.MaxValue));
            layers.Add(layer);
            offset += layer.StorageLength;
            width = size;
        }

        return layers;
    }

    private static Activation ReadActivation(AttributeData data, LayerKind kind, int size, Location location, string owner, List<DiagnosticInfo> diagnostics)
    {
        int? declared = ModelParser.NamedInt(data, "Activation");
        Activation fallback = kind == LayerKind.SimpleRnn ? Activation.Tanh : Activation.Linear;
        if (declared is null || kind is LayerKind.Lstm or LayerKind.Gru or LayerKind.Embedding)
        {
            return fallback;
        }

        var activation = (Activation)declared.Value;
        bool supported = kind == LayerKind.SimpleRnn
            ? activation is Activation.Tanh or Activation.Relu
            : activation is >= Activation.Linear and <= Activation.Softmax;
        if (!supported)
        {
            string name = activation is >= Activation.Linear and <= Activation.Softmax ? activation.ToString() : declared.Value.ToString(CultureInfo.InvariantCulture);
            string allowed = kind == LayerKind.SimpleRnn ? "Tanh or Relu" : "Linear, Sigmoid, Tanh, Relu or Softmax";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedActivation, location, owner, name, allowed));
            return fallback;
        }

        if (activation == Activation.Softmax && kind == LayerKind.Dense && size == 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SingleOutputSoftmax, location, owner));
        }

        return activation;
    }

    private static int IntArgument(AttributeData data, int position) =>
        data.ConstructorArguments.Length > position && data.ConstructorArguments[position].Value is int value ? value : 0;

    private static bool? NamedBool(AttributeData data, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in data.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is bool value)
            {
                return value;
            }
        }

        return null;
    }
}
