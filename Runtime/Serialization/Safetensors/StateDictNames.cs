using System;
using System.Collections.Generic;
using System.Globalization;
using RnnCodegen.Layout;

namespace RnnCodegen.Serialization;

/// <summary>
/// The file name of each of a model's tensors (in <see cref="ModelDescriptor.Tensors"/> order) when its layers are
/// held by a user's PyTorch modules: <c>{module}.{parameter}</c>, with a stacked recurrent module's sub-layer j
/// written as PyTorch writes it, <c>weight_ih_l{j}</c>.
/// </summary>
internal static class StateDictNames
{
    /// <summary>The names of the <c>layers</c> <c>nn.ModuleList</c> convention: <c>layers.{k}.weight_ih_l0</c>, …</summary>
    public static string[] Canonical(ModelDescriptor model)
    {
        string[] names = new string[model.Tensors.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = model.Tensors[i].Name;
        }

        return names;
    }

    /// <summary>The names under <paramref name="modules"/>, which cover the declared layers in order.</summary>
    /// <exception cref="ArgumentException">The modules do not cover the declared layers one to one.</exception>
    public static string[] For(ModelDescriptor model, ReadOnlySpan<TorchModule> modules)
    {
        Check(model, modules);
        var names = new List<string>(model.Tensors.Count);
        int layer = 0;
        foreach (TorchModule module in modules)
        {
            for (int sublayer = 0; sublayer < module.Layers; sublayer++, layer++)
            {
                LayerDescriptor descriptor = model.Layers[layer];
                string canonicalPrefix = string.Create(CultureInfo.InvariantCulture, $"layers.{descriptor.Index}.");
                foreach (TensorDescriptor tensor in descriptor.Tensors)
                {
                    string parameter = tensor.Name[canonicalPrefix.Length..];
                    if (parameter.EndsWith("_l0", StringComparison.Ordinal))
                    {
                        parameter = string.Create(CultureInfo.InvariantCulture, $"{parameter[..^1]}{sublayer}");
                    }

                    names.Add(module.Name.Length == 0 ? parameter : module.Name + "." + parameter);
                }
            }
        }

        return [.. names];
    }

    private static void Check(ModelDescriptor model, ReadOnlySpan<TorchModule> modules)
    {
        ArgumentNullException.ThrowIfNull(model);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int layer = 0;
        foreach (TorchModule module in modules)
        {
            if (module.Name is null || !seen.Add(module.Name))
            {
                throw new ArgumentException($"Module names must be distinct and not null; '{module.Name}' is {(module.Name is null ? "null" : "given twice")}.", nameof(modules));
            }

            if (module.Layers < 1 || module.Layers > model.Layers.Count - layer)
            {
                throw new ArgumentException(
                    $"Module '{module.Name}' covers {module.Layers} layers, but {model.Layers.Count - layer} of the {model.Layers.Count} declared layers of '{model.Signature}' are left for it.", nameof(modules));
            }

            LayerDescriptor first = model.Layers[layer];
            for (int k = layer + 1; k < layer + module.Layers; k++)
            {
                LayerDescriptor next = model.Layers[k];
                if (!first.IsRecurrent || next.Signature != first.Signature)
                {
                    throw new ArgumentException(
                        $"Module '{module.Name}' covers layers {layer}..{layer + module.Layers - 1}, but only an nn.RNN, nn.LSTM or nn.GRU with num_layers > 1 holds several layers, all of one kind and size: layer {layer} is {first.Signature}, layer {k} {next.Signature}.", nameof(modules));
                }
            }

            layer += module.Layers;
        }

        if (layer != model.Layers.Count)
        {
            throw new ArgumentException($"The modules cover {layer} layers; '{model.Signature}' declares {model.Layers.Count}.", nameof(modules));
        }
    }
}
