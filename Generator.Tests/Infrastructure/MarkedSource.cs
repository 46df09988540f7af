using Microsoft.CodeAnalysis.Text;

namespace RnnCodegen.Generator.Tests.Infrastructure;

/// <summary>
/// Test source with the expected diagnostic location marked as <c>[|...|]</c>, e.g. <c>[[|Lstm(0)|]]</c>. The markers
/// are removed, and the marked span and its line and column are worked out here by counting characters, independently
/// of Roslyn.
/// </summary>
internal sealed record MarkedSource(string Text, TextSpan Span, LinePositionSpan Lines)
{
    private const string Start = "[|";
    private const string End = "|]";

    public static MarkedSource Parse(string marked)
    {
        int start = marked.IndexOf(Start, StringComparison.Ordinal);
        int end = marked.IndexOf(End, start + Start.Length, StringComparison.Ordinal) - Start.Length;
        if (start < 0 || end < start || marked.IndexOf(Start, start + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException("Mark exactly one span with [| and |].", nameof(marked));
        }

        string text = marked.Remove(end + Start.Length, End.Length).Remove(start, Start.Length);
        return new MarkedSource(text, TextSpan.FromBounds(start, end), new LinePositionSpan(PositionOf(text, start), PositionOf(text, end)));
    }

    private static LinePosition PositionOf(string text, int index)
    {
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new LinePosition(line, index - lineStart);
    }
}
