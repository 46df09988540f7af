using System;
using System.Text;

namespace RnnCodegen.Generator.Emit;

/// <summary>Writes indented C# text. Callers format numbers with the invariant culture (FormattableString.Invariant).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _text.Append(' ', _depth * 4);
        }

        _text.Append(text).Append('\n');
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; disposing the result closes the block.</summary>
    public Block Open(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return new Block(this);
    }

    public override string ToString() => _text.ToString();

    internal readonly struct Block(SourceWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer._depth--;
            writer.Line("}");
        }
    }
}
