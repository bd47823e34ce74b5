using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Internal;

/// <summary>Schema-level checks so a bad ensemble fails before any training.</summary>
internal static class MemberChecks
{
    public static MLTask TaskFromShape(SchemaShape input, string labelColumn)
    {
        if (!SchemaShapes.TryFind(input, labelColumn, out var label))
            throw new ArgumentException($"Label column '{labelColumn}' is not in the input (columns: {string.Join(", ", input.Select(c => c.Name))}).");
        if (label.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentException($"Label column '{labelColumn}' must be a scalar.");
        if (label.IsKey) return MLTask.MulticlassClassification;
        if (label.ItemType is BooleanDataViewType) return MLTask.BinaryClassification;
        if (label.ItemType == NumberDataViewType.Single) return MLTask.Regression;
        throw new ArgumentException(
            $"Label column '{labelColumn}' has type {label.ItemType}; expected Boolean (binary), a key type (multiclass) or Single (regression).");
    }

    public static void RequireFeatures(SchemaShape input, string featureColumn, string why)
    {
        if (!SchemaShapes.TryFind(input, featureColumn, out var f) || f.Kind != SchemaShape.Column.VectorKind.Vector || f.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"{why} needs a known-size vector of Single named '{featureColumn}' (FeatureColumnName) in the input.");
    }

    /// <summary>
    /// Checks the member's output against the task and returns its output shape.
    /// <paramref name="needProbabilities"/>: binary members must emit Probability (soft voting, stacking, SAMME.R).
    /// </summary>
    public static SchemaShape Check(EnsembleMember member, SchemaShape input, MLTask task, bool needProbabilities, string role)
    {
        var estimator = member.Create(new MLContext(0));
        string want = task switch
        {
            MLTask.BinaryClassification => "binary classification (Boolean label)",
            MLTask.MulticlassClassification => "multiclass classification (key label)",
            _ => "regression (Single label)",
        };
        SchemaShape output;
        try
        {
            output = estimator.GetOutputSchema(input);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new EnsembleMemberException(member.Name,
                $"Ensemble member '{member.Name}' ({role}) does not accept the input, whose label calls for {want}: {ex.Message}", ex);
        }
        bool hasScore = SchemaShapes.TryFind(output, "Score", out var score);
        bool hasLabel = SchemaShapes.TryFind(output, "PredictedLabel", out var predicted);
        bool hasProb = SchemaShapes.TryFind(output, "Probability", out _);
        string Describe() =>
            !hasScore ? "no Score column"
            : hasLabel && predicted.IsKey ? "multiclass output"
            : hasLabel ? (hasProb ? "binary output with probabilities" : "binary output without probabilities")
            : score.Kind == SchemaShape.Column.VectorKind.Scalar ? "regression output" : "an unrecognised Score vector";
        bool ok = task switch
        {
            MLTask.BinaryClassification => hasScore && hasLabel && predicted.ItemType is BooleanDataViewType,
            MLTask.MulticlassClassification => hasScore && score.Kind != SchemaShape.Column.VectorKind.Scalar && hasLabel && predicted.IsKey,
            _ => hasScore && !hasLabel && score.Kind == SchemaShape.Column.VectorKind.Scalar && score.ItemType == NumberDataViewType.Single,
        };
        if (!ok)
            throw new EnsembleMemberException(member.Name,
                $"Ensemble member '{member.Name}' ({role}) produces {Describe()}, but the label calls for {want}.");
        if (needProbabilities && task == MLTask.BinaryClassification && !hasProb)
            throw new EnsembleMemberException(member.Name,
                $"Ensemble member '{member.Name}' ({role}) outputs no Probability column, which soft voting / stacking needs: use a calibrated trainer, add a calibrator, or use hard voting.");
        return output;
    }

    /// <summary>The input columns plus the member's scored columns (the ensemble's output shape).</summary>
    public static SchemaShape OutputShape(SchemaShape input, SchemaShape memberOutput, MLTask task)
    {
        var names = task switch
        {
            MLTask.BinaryClassification => new[] { "Score", "Probability", "PredictedLabel" },
            MLTask.MulticlassClassification => ["Score", "PredictedLabel"],
            _ => ["Score"],
        };
        var columns = input.Where(c => !names.Contains(c.Name)).ToList();
        foreach (var n in names)
            if (SchemaShapes.TryFind(memberOutput, n, out var c)) columns.Add(c);
        return new SchemaShape(columns);
    }

    public static IReadOnlyList<string> DescribeColumns(DataViewSchema schema) =>
        schema.Where(c => !c.IsHidden).Select(c => $"{c.Name}: {c.Type}").ToArray();
}
