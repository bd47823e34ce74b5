using System.Globalization;
using System.Text;

namespace DeepRoad.Pipelines.Text;

/// <summary>Splits text into tokens and encodes it as fixed-length id vectors.</summary>
public static class TextTokenizer
{
    /// <summary>Splits on white space; with <see cref="TextTokenizerOptions.SplitPunctuation"/> every punctuation or symbol character is a token.</summary>
    public static IReadOnlyList<string> Split(string? text, TextTokenizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text)) return tokens;
        if (options.Lowercase) text = text.ToLowerInvariant();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0) tokens.Add(current.ToString());
            current.Clear();
        }
        foreach (char ch in text)
        {
            if (char.IsWhiteSpace(ch)) { Flush(); continue; }
            var cat = char.GetUnicodeCategory(ch);
            bool punct = char.IsPunctuation(ch) || char.IsSymbol(ch);
            if (options.SplitPunctuation && punct && cat != UnicodeCategory.Surrogate)
            {
                Flush();
                tokens.Add(ch.ToString());
                continue;
            }
            current.Append(ch);
        }
        Flush();
        return tokens;
    }

    /// <summary>Token ids of <paramref name="text"/>, truncated and padded to <see cref="TextTokenizerOptions.MaxLength"/>.</summary>
    public static int[] Encode(string? text, Vocabulary vocabulary, TextTokenizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var tokens = Split(text, options);
        int n = options.MaxLength;
        var ids = new int[n];
        int count = Math.Min(n, tokens.Count);
        int skip = options.Truncation == SequenceSide.Pre ? tokens.Count - count : 0;
        int offset = options.Padding == SequenceSide.Pre ? n - count : 0;
        for (int i = 0; i < count; i++) ids[offset + i] = vocabulary.IdOf(tokens[skip + i]);
        return ids;
    }
}
