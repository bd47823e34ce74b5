namespace DeepRoad.Pipelines.Text;

/// <summary>Options of <see cref="TextTokenizerEstimator"/>: text to fixed-length token-id vectors.</summary>
public sealed record TextTokenizerOptions
{
    /// <summary>The text column.</summary>
    public string InputColumn { get; init; } = "text";

    /// <summary>The output column: a vector of Int32 of length <see cref="MaxLength"/>.</summary>
    public string OutputColumn { get; init; } = "Tokens";

    /// <summary>Lower-case text before splitting.</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>Punctuation and symbols become tokens of their own (otherwise they stay attached to words).</summary>
    public bool SplitPunctuation { get; init; } = true;

    /// <summary>Tokens seen fewer times in the training text are out-of-vocabulary.</summary>
    public int MinFrequency { get; init; } = 1;

    /// <summary>Keep at most this many most frequent tokens (excluding the padding and OOV ids).</summary>
    public int MaxVocabularySize { get; init; } = 20000;

    /// <summary>Length of every output vector.</summary>
    public int MaxLength { get; init; } = 64;

    /// <summary>Where padding (id 0) goes.</summary>
    public SequenceSide Padding { get; init; } = SequenceSide.Post;

    /// <summary>Which end is cut from texts longer than <see cref="MaxLength"/>.</summary>
    public SequenceSide Truncation { get; init; } = SequenceSide.Post;

    /// <summary>Throws <see cref="ArgumentException"/> naming the invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(InputColumn)) throw new ArgumentException("Tokenizer option InputColumn must be set.", nameof(InputColumn));
        if (string.IsNullOrEmpty(OutputColumn)) throw new ArgumentException("Tokenizer option OutputColumn must be set.", nameof(OutputColumn));
        if (MinFrequency < 1) throw new ArgumentException("Tokenizer option MinFrequency must be at least 1.", nameof(MinFrequency));
        if (MaxVocabularySize < 1) throw new ArgumentException("Tokenizer option MaxVocabularySize must be at least 1.", nameof(MaxVocabularySize));
        if (MaxLength < 1) throw new ArgumentException("Tokenizer option MaxLength must be at least 1.", nameof(MaxLength));
    }
}
