namespace DeepRoad.AutoML.Data;

/// <summary>The role AutoML gives an input column after schema inference.</summary>
public enum ColumnKind
{
    /// <summary>A number (Single); missing cells become NaN and are imputed by the featurizer.</summary>
    Numeric,

    /// <summary>A low- or high-cardinality category (one-hot or hashed).</summary>
    Categorical,

    /// <summary>Free text (n-gram TF-IDF).</summary>
    Text,

    /// <summary>A path to an image file, relative paths resolved against the data file's folder.</summary>
    ImagePath,

    /// <summary>Unique per row (an identifier): dropped.</summary>
    Identifier,

    /// <summary>A single value in every row: dropped.</summary>
    Constant,
}
