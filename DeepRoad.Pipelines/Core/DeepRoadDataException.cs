namespace DeepRoad.Pipelines;

/// <summary>
/// A problem with user data or options: the message names the file, line, column or option.
/// The CLI prints the message (no stack trace) and exits non-zero.
/// </summary>
public sealed class DeepRoadDataException : Exception
{
    public DeepRoadDataException(string message) : base(message) { }

    public DeepRoadDataException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The file concerned, when there is one.</summary>
    public string? File { get; init; }

    /// <summary>1-based line number in the file, when known.</summary>
    public long? Line { get; init; }

    /// <summary>The column (name) concerned, when known.</summary>
    public string? Column { get; init; }
}
