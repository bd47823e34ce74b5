namespace DeepRoad.Pipelines.Loading;

/// <summary>Fast case-insensitive matching of missing-value tokens (the hot path of loading).</summary>
internal sealed class MissingTokens
{
    private readonly string[] _tokens;
    private readonly int _maxLength;
    private readonly bool _emptyIsMissing;

    public MissingTokens(IEnumerable<string> tokens)
    {
        _tokens = tokens.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _emptyIsMissing = tokens.Any(t => t.Trim().Length == 0);
        _maxLength = _tokens.Length == 0 ? 0 : _tokens.Max(t => t.Length);
    }

    public bool IsMissing(string? value) => value is null || Matches(value.AsSpan());

    /// <summary>
    /// A text cell as every reader keeps it: null when missing, else without leading or trailing blanks, so that
    /// "yes " and "yes" are one class and " B" and "B" one category (as R's strip.white, and CsvHelper's TrimOptions).
    /// </summary>
    public string? Clean(string? value)
    {
        if (IsMissing(value)) return null;
        return value!.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) ? value.Trim() : value;
    }

    /// <summary>The same test on a field's UTF-8 bytes, without making a string of it.</summary>
    public bool IsMissing(ReadOnlySpan<byte> utf8)
    {
        // A token of n characters is at most 4n UTF-8 bytes (plus surrounding blanks); longer fields are never
        // missing, which is the common case and needs no decoding.
        if (utf8.Length > 4 * _maxLength + 8)
        {
            var trimmed = utf8.Trim(" \t\r\n"u8);
            if (trimmed.Length > 4 * _maxLength) return false;
            utf8 = trimmed;
        }
        Span<char> chars = stackalloc char[utf8.Length];
        return System.Text.Encoding.UTF8.TryGetChars(utf8, chars, out int n) && Matches(chars[..n]);
    }

    private bool Matches(ReadOnlySpan<char> span)
    {
        if (span.Length > 0 && (char.IsWhiteSpace(span[0]) || char.IsWhiteSpace(span[^1]))) span = span.Trim();
        if (span.Length == 0) return _emptyIsMissing;
        if (span.Length > _maxLength) return false;
        foreach (var t in _tokens)
            if (t.Length == span.Length && span.Equals(t, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
