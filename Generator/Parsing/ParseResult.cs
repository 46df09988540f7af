using RnnCodegen.Generator.Diagnostics;
using RnnCodegen.Generator.Model;

namespace RnnCodegen.Generator.Parsing;

/// <summary>What parsing one [RecurrentModel] class gives: a spec to emit, or the diagnostics that prevent it.</summary>
internal sealed record ParseResult(ModelSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
