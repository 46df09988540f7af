using Microsoft.CodeAnalysis;
using RnnCodegen.Generator.Model;

namespace RnnCodegen.Generator.Diagnostics;

/// <summary>A diagnostic to report, held as data (descriptor, location, message arguments) rather than symbols.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, params string[] arguments) =>
        new(descriptor, LocationInfo.From(location), arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), [.. Arguments]);
}
