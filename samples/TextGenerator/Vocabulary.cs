using System;

namespace TextGenerator;

/// <summary>The characters the model knows: newline and printable ASCII, one token each.</summary>
internal static class Vocabulary
{
    /// <summary>Newline plus the 95 characters from space to '~'.</summary>
    public const int Size = 96;

    private const char First = ' ';

    public static bool TryEncode(char character, out int token)
    {
        token = character == '\n' ? 0 : character - First + 1;
        return character == '\n' || (character >= First && character <= '~');
    }

    public static char Decode(int token) => token == 0 ? '\n' : (char)(First + token - 1);

    /// <summary>The tokens of <paramref name="text"/>; characters outside the vocabulary are skipped and counted.</summary>
    public static int[] Encode(string text, out int skipped)
    {
        var tokens = new int[text.Length];
        int count = 0;
        foreach (char character in text)
        {
            if (TryEncode(character, out int token))
            {
                tokens[count++] = token;
            }
        }

        skipped = text.Length - count;
        return tokens.AsSpan(0, count).ToArray();
    }
}
