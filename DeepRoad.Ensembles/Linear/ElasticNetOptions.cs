namespace DeepRoad.Ensembles;

/// <summary>
/// Options of <see cref="ElasticNetEstimator"/>, after scikit-learn's ElasticNetCV (and glmnet). The penalty is
/// <c>Alpha * (L1Ratio * |w|_1 + (1 - L1Ratio) / 2 * |w|_2^2)</c> on the weights of the standardised features, added to
/// half the mean squared error. With <see cref="Alpha"/> unset, the fit runs the whole regularisation path and picks
/// the penalty by cross-validation.
/// </summary>
public sealed record ElasticNetOptions
{
    /// <summary>Label column (Single).</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>Known-size vector of Single (sparse vectors are read sparse).</summary>
    public string FeatureColumnName { get; init; } = "Features";

    /// <summary>Share of the penalty that is L1, in (0, 1]: 1 is the lasso, small values approach ridge (default 0.5, scikit-learn's).</summary>
    public double L1Ratio { get; init; } = 0.5;

    /// <summary>
    /// A fixed penalty, or null (default) to choose it on the path by cross-validation. On the label's own scale
    /// (scikit-learn's ElasticNet alpha) when <see cref="StandardizeLabel"/> is false, else on the standardised label's.
    /// </summary>
    public double? Alpha { get; init; }

    /// <summary>
    /// Fit the label in units of its standard deviation, as glmnet does (default true), so that a penalty, and the L2
    /// part's shrinkage above all, means the same for prices in dollars or in billions. False is scikit-learn's
    /// convention (the penalty on the label's own scale). The lasso's cross-validated fit is the same either way.
    /// </summary>
    public bool StandardizeLabel { get; init; } = true;

    /// <summary>Penalties on the path, log-spaced from the smallest that zeroes every weight down (default 100).</summary>
    public int NumberOfAlphas { get; init; } = 100;

    /// <summary>The path's last penalty as a share of its first (scikit-learn's eps; default 1e-3).</summary>
    public double AlphaMinRatio { get; init; } = 1e-3;

    /// <summary>Folds of the cross-validation that picks the penalty (default 5; fewer when the rows are few).</summary>
    public int NumberOfFolds { get; init; } = 5;

    /// <summary>Coordinate descent stops when no weight moved by more than this share of the largest weight in a full pass (default 1e-4).</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Cap on coordinate-descent passes per penalty (default 1000).</summary>
    public int MaximumPasses { get; init; } = 1000;

    /// <summary>Seeds the assignment of rows to cross-validation folds.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Solve on the precomputed Gram matrix of the standardised features (scikit-learn's <c>precompute</c>; glmnet's
    /// "covariance" updates): one pass over the rows builds it, and a coordinate update then costs the number of features
    /// instead of the number of rows. Null (automatic): when there are at least twice as many rows as features and at most
    /// <see cref="MaximumGramFeatures"/> features (a tall table); false: the rows are kept and each update touches the
    /// column's non-zero rows (wide or sparse data such as text n-grams); true: the Gram matrix whenever it fits.
    /// </summary>
    public bool? Precompute { get; init; }

    /// <summary>The most features for which <see cref="Precompute"/> builds a Gram matrix (features² doubles; 2048 is 32 MB).</summary>
    public const int MaximumGramFeatures = 2048;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(LabelColumnName)) throw new ArgumentException("ElasticNetOptions.LabelColumnName is empty.");
        if (string.IsNullOrWhiteSpace(FeatureColumnName)) throw new ArgumentException("ElasticNetOptions.FeatureColumnName is empty.");
        if (!(L1Ratio > 0 && L1Ratio <= 1)) throw new ArgumentOutOfRangeException(nameof(L1Ratio), L1Ratio, "ElasticNetOptions.L1Ratio must be in (0, 1].");
        if (Alpha is { } a && !(a >= 0 && !double.IsInfinity(a))) throw new ArgumentOutOfRangeException(nameof(Alpha), a, "ElasticNetOptions.Alpha must be finite and >= 0.");
        if (NumberOfAlphas < 1) throw new ArgumentOutOfRangeException(nameof(NumberOfAlphas), NumberOfAlphas, "ElasticNetOptions.NumberOfAlphas must be at least 1.");
        if (!(AlphaMinRatio > 0 && AlphaMinRatio < 1)) throw new ArgumentOutOfRangeException(nameof(AlphaMinRatio), AlphaMinRatio, "ElasticNetOptions.AlphaMinRatio must be in (0, 1).");
        if (NumberOfFolds < 2) throw new ArgumentOutOfRangeException(nameof(NumberOfFolds), NumberOfFolds, "ElasticNetOptions.NumberOfFolds must be at least 2.");
        if (!(Tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "ElasticNetOptions.Tolerance must be positive.");
        if (MaximumPasses < 1) throw new ArgumentOutOfRangeException(nameof(MaximumPasses), MaximumPasses, "ElasticNetOptions.MaximumPasses must be at least 1.");
    }
}
