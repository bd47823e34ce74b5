namespace DeepRoad.Pipelines.Schema;

/// <summary>What a column is used for, as schema inference decides it.</summary>
public enum ColumnRole
{
    /// <summary>A real-valued feature (Single, NaN = missing).</summary>
    Numeric,

    /// <summary>A true/false feature with no missing value (Boolean).</summary>
    Boolean,

    /// <summary>A feature with a limited set of values (text): one-hot or hashed.</summary>
    Categorical,

    /// <summary>Free text (several words per value, mostly distinct): n-gram TF-IDF.</summary>
    Text,

    /// <summary>Paths to existing image files, relative to the CSV's folder.</summary>
    ImagePath,

    /// <summary>Unique per row (a key or row number): dropped from the features.</summary>
    Identifier,

    /// <summary>At most one distinct value (or every value missing, when allowed): dropped.</summary>
    Constant,

    /// <summary>The column the caller named as label.</summary>
    Label,

    /// <summary>
    /// Dates (every value written one way, see <see cref="DateLayout"/>): not a feature itself; split into numeric
    /// columns (year, month, day, day of week, hour, days since 1970) that name it in <see cref="ColumnInfo.Date"/>.
    /// </summary>
    Date,
}
