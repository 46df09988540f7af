namespace RnnCodegen.Generator.Emit;

/// <summary>Emits the model's file members: thin calls into the runtime's native format and safetensors code.</summary>
internal static class PersistenceEmitter
{
    public static void Emit(SourceWriter writer, string typeName)
    {
        writer.Line("/// <summary>Saves the parameters in the native versioned format. The file is replaced atomically: a crash leaves the old file or the new one.</summary>");
        writer.Line("/// <param name=\"path\">The file to write.</param>");
        writer.Line($"public void Save(string path) => {Types.ModelFile}.Save(s_descriptor, _parameters, path);");
        writer.Line();
        writer.Line("/// <summary>Writes the parameters in the native versioned format to <paramref name=\"stream\"/>, from its current position.</summary>");
        writer.Line("/// <param name=\"stream\">A writable stream; it is flushed, not closed.</param>");
        writer.Line($"public void Save({Types.Stream} stream) => {Types.ModelFile}.Save(s_descriptor, _parameters, stream);");
        writer.Line();
        writer.Line("/// <summary>Loads a model saved by <see cref=\"Save(string)\"/> from a model of this declaration.</summary>");
        writer.Line("/// <param name=\"path\">The file to read.</param>");
        writer.Line($"/// <exception cref=\"{Types.ModelFormatException}\">The file is damaged, forged, or holds another model; the message says what is wrong.</exception>");
        writer.Line($"public static {typeName} Load(string path)");
        writer.Line("{");
        writer.Line("    float[] parameters = new float[ParameterStorageLength];");
        writer.Line($"    {Types.ModelFile}.Load(s_descriptor, parameters, path);");
        writer.Line($"    return new {typeName}(parameters);");
        writer.Line("}");
        writer.Line();
        writer.Line($"/// <summary>Loads a model written by <see cref=\"Save({Types.Stream})\"/>; reads the stream to its end.</summary>");
        writer.Line("/// <param name=\"stream\">A readable stream; it need not be seekable.</param>");
        writer.Line($"/// <exception cref=\"{Types.ModelFormatException}\">The data is damaged, forged, or holds another model; the message says what is wrong.</exception>");
        writer.Line($"public static {typeName} Load({Types.Stream} stream)");
        writer.Line("{");
        writer.Line("    float[] parameters = new float[ParameterStorageLength];");
        writer.Line($"    {Types.ModelFile}.Load(s_descriptor, parameters, stream);");
        writer.Line($"    return new {typeName}(parameters);");
        writer.Line("}");
        writer.Line();
        writer.Line("/// <summary>Writes the parameters as safetensors with PyTorch's names, shapes and gate orders (<c>layers.{k}.weight_ih_l0</c>, …).</summary>");
        writer.Line("/// <param name=\"path\">The file to write; replaced atomically.</param>");
        writer.Line($"public void ExportSafetensors(string path) => {Types.Safetensors}.Export(s_descriptor, _parameters, path);");
        writer.Line();
        writer.Line("/// <summary>Writes the parameters as safetensors named as the given PyTorch modules hold them (<c>lstm.weight_ih_l1</c>, <c>head.weight</c>, …), for <c>load_state_dict(strict=True)</c> on the user's own module.</summary>");
        writer.Line("/// <param name=\"path\">The file to write; replaced atomically.</param>");
        writer.Line("/// <param name=\"modules\">The modules that hold the declared layers, in declared order; a stacked nn.LSTM/GRU/RNN covers its num_layers layers.</param>");
        writer.Line($"public void ExportSafetensors(string path, params {Types.TorchModule}[] modules) => {Types.Safetensors}.Export(s_descriptor, _parameters, path, modules);");
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Replaces the parameters with those of a safetensors file: one written by <see cref=\"ExportSafetensors(string)\"/>, or any PyTorch state dict");
        writer.Line("/// whose modules (nn.Embedding, nn.RNN/LSTM/GRU with any num_layers, nn.Linear, under any prefixes) fit the declared layers in exactly one order.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"path\">The file to read.</param>");
        writer.Line($"/// <exception cref=\"{Types.ModelFormatException}\">A tensor is missing, unexpected, of another shape or type, the modules fit in no order or in several, or the file is damaged; the message lists the file's tensors beside the model's, and the parameters are unchanged.</exception>");
        writer.Line($"public void ImportSafetensors(string path) => {Types.Safetensors}.Import(s_descriptor, _parameters, path);");
        writer.Line();
        writer.Line("/// <summary>Writes the model as an ONNX graph of standard operators (input <c>input</c> [T, 1, InputSize] or <c>tokens</c> [T, 1], output <c>output</c> [T, 1, OutputSize]), which computes what <c>Predict</c> does.</summary>");
        writer.Line("/// <param name=\"path\">The file to write; replaced atomically.</param>");
        writer.Line($"public void ExportOnnx(string path) => {Types.Onnx}.Export(s_descriptor, _parameters, path);");
        writer.Line();
        writer.Line("/// <summary>Replaces the parameters with the weights of an ONNX graph: one <see cref=\"ExportOnnx\"/> wrote, or one <c>torch.onnx.export</c> wrote from a PyTorch module with the declared layers.</summary>");
        writer.Line("/// <param name=\"path\">The file to read.</param>");
        writer.Line($"/// <exception cref=\"{Types.ModelFormatException}\">The file is damaged or its graph is not this model's; the message names what is wrong, and the parameters are unchanged.</exception>");
        writer.Line($"public void ImportOnnx(string path) => {Types.Onnx}.Import(s_descriptor, _parameters, path);");
        writer.Line();
        writer.Line("/// <summary>Replaces the parameters with those of a PyTorch state dict saved as safetensors, read under the names of the given modules.</summary>");
        writer.Line("/// <param name=\"path\">The file to read.</param>");
        writer.Line("/// <param name=\"modules\">The modules that hold the declared layers, in declared order; a stacked nn.LSTM/GRU/RNN covers its num_layers layers.</param>");
        writer.Line($"/// <exception cref=\"{Types.ModelFormatException}\">A tensor is missing, unexpected, of another shape or type, or the file is damaged; the parameters are then unchanged.</exception>");
        writer.Line($"public void ImportSafetensors(string path, params {Types.TorchModule}[] modules) => {Types.Safetensors}.Import(s_descriptor, _parameters, path, modules);");
        writer.Line();
    }
}
