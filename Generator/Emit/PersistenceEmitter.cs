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
        writer.Line("/// <summary>Replaces the parameters with those of a safetensors file, e.g. a PyTorch state dict saved with safetensors.</summary>");
        writer.Line("/// <param name=\"path\">The file to read.</param>");
        writer.Line($"/// <exception cref=\"{Types.ModelFormatException}\">A tensor is missing, unexpected, of another shape or type, or the file is damaged; the parameters are then unchanged.</exception>");
        writer.Line($"public void ImportSafetensors(string path) => {Types.Safetensors}.Import(s_descriptor, _parameters, path);");
        writer.Line();
    }
}
