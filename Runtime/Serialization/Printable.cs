using System;
using System.Buffers;
using System.Globalization;
using System.Text;

namespace RnnCodegen.Serialization;

/// <summary>
/// Shows text read from a file in a message so that what differs can be seen: a control character, a zero-width or
/// direction mark, or a space other than U+0020 becomes a \uXXXX escape, and a backslash is doubled so an escape
/// cannot be forged. Without it, a signature that differs by a control character prints as two identical texts.
/// </summary>
internal static class Printable
{
    /// <summary>Printable ASCII except the backslash: text made only of these is shown as it is.</summary>
    private static readonly SearchValues<char> PlainAscii =
        SearchValues.Create(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary><paramref name="text"/> with every character that would not show as itself escaped; unchanged when all do.</summary>
    public static string Escape(string text)
    {
        if (!text.AsSpan().ContainsAnyExcept(PlainAscii))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                escaped.Append(@"\\");
            }
            else if (char.IsSurrogatePair(text, i))
            {
                escaped.Append(c).Append(text[++i]);
            }
            else if (Shows(c))
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }

        return escaped.ToString();
    }

    private static bool Shows(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
        UnicodeCategory.SpaceSeparator => c == ' ',
        _ => true,
    };
}
