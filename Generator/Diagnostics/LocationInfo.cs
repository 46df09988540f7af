using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace RnnCodegen.Generator.Diagnostics;

/// <summary>A source location as plain values, so diagnostics can travel through the cached pipeline without a SyntaxTree.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo From(Location location) =>
        new(location.SourceTree?.FilePath ?? string.Empty, location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
