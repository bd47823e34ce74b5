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

    public bool IsMissing(string? value)
    {
        if (value is null) return true;
        var span = value.AsSpan();
        if (span.Length > 0 && (char.IsWhiteSpace(span[0]) || char.IsWhiteSpace(span[^1]))) span = span.Trim();
        if (span.Length == 0) return _emptyIsMissing;
        if (span.Length > _maxLength) return false;
        foreach (var t in _tokens)
            if (t.Length == span.Length && span.Equals(t, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
