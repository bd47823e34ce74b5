namespace DeepRoad.Pipelines.Splits;

/// <summary>The rows of a three-way split, each array ascending. Validation or test may be empty.</summary>
/// <param name="Train">Rows to fit on.</param>
/// <param name="Validation">Rows for model selection and early stopping.</param>
/// <param name="Test">Rows held out for the final estimate.</param>
public sealed record TrainValidationTestIndices(int[] Train, int[] Validation, int[] Test)
{
    /// <summary>
    /// The split as folds: [train | validation] and, when there is a test part, [train + validation | test].
    /// </summary>
    public IReadOnlyList<Fold> ToFolds()
    {
        var folds = new List<Fold> { new(Train, Validation) };
        if (Test.Length > 0) folds.Add(new Fold(Train.Concat(Validation).Order().ToArray(), Test));
        return folds;
    }
}
