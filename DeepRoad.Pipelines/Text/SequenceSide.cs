namespace DeepRoad.Pipelines.Text;

/// <summary>Which end of a token sequence gets padding or loses tokens to truncation.</summary>
public enum SequenceSide
{
    /// <summary>The start of the sequence.</summary>
    Pre,

    /// <summary>The end of the sequence.</summary>
    Post,
}
