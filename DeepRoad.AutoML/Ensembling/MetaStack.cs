using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Ensembling;

/// <summary>
/// Stacking over predictions that already exist: the meta-learner (DeepRoad.Ensembles' <see cref="MetaLearners.Default"/>)
/// is trained on the members' out-of-fold predictions kept from the search (no member is refitted per fold again),
/// and scored by its own cross-validation (DeepRoad.Pipelines' <see cref="CrossValidator"/>) on those rows, so its
/// score is comparable with the Caruana selection's out-of-fold score.
/// </summary>
internal static class MetaStack
{
    /// <summary>
    /// The meta-learner: DeepRoad.Ensembles' default (regularised logistic / maximum-entropy regression for classification,
    /// exact ridge regression for regression). The model file saves it through DeepRoad.Ensembles' archive.
    /// </summary>
    private static IEstimator<ITransformer> MetaLearner(MLContext ml, MLTask task, EnsembleMember? meta) => (meta ?? MetaLearners.Default(task)).Factory(ml);

    /// <summary>Meta-features of a row: each member's prediction (binary: P(positive) only; multiclass: all classes; regression: the value).</summary>
    public static int FeatureWidth(MLTask task, int width, int members) => members * (task == MLTask.BinaryClassification ? 1 : width);

    private static float[][] Features(IReadOnlyList<PredictionMatrix> members, MLTask task)
    {
        int rows = members[0].Rows;
        var result = new float[rows][];
        for (int r = 0; r < rows; r++)
        {
            var f = new List<float>();
            foreach (var m in members)
            {
                var row = m.Row(r);
                if (task == MLTask.BinaryClassification) f.Add(row[1]);
                else foreach (var v in row) f.Add(v);
            }
            result[r] = f.ToArray();
        }
        return result;
    }

    public static IDataView View(MLContext ml, IReadOnlyList<PredictionMatrix> members, MLTask task, int width, float[]? truth)
    {
        var x = Features(members, task);
        int size = FeatureWidth(task, width, members.Count);
        var vector = new VectorDataViewType(NumberDataViewType.Single, size);
        if (truth is null)
        {
            var def = SchemaDefinition.Create(typeof(FeatureRow));
            def["Features"].ColumnType = vector;
            return ml.Data.LoadFromEnumerable(x.Select(v => new FeatureRow { Features = v }), def);
        }
        switch (task)
        {
            case MLTask.BinaryClassification:
            {
                var def = SchemaDefinition.Create(typeof(Row<bool>));
                def["Features"].ColumnType = vector;
                return ml.Data.LoadFromEnumerable(x.Select((v, i) => new Row<bool> { Features = v, Label = truth[i] > 0.5f }), def);
            }
            case MLTask.MulticlassClassification:
            {
                // Class index as a float, then a key with every class in index order (even a class absent from these rows).
                var def = SchemaDefinition.Create(typeof(Row<float>));
                def["Features"].ColumnType = vector;
                var raw = ml.Data.LoadFromEnumerable(x.Select((v, i) => new Row<float> { Features = v, Label = truth[i] }), def);
                var keys = ml.Data.LoadFromEnumerable(Enumerable.Range(0, width).Select(k => new KeyRow { Label = k }));
                return ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue, keyData: keys)
                    .Fit(raw).Transform(raw);
            }
            default:
            {
                var def = SchemaDefinition.Create(typeof(Row<float>));
                def["Features"].ColumnType = vector;
                return ml.Data.LoadFromEnumerable(x.Select((v, i) => new Row<float> { Features = v, Label = truth[i] }), def);
            }
        }
    }

    /// <summary>Cross-validates and fits the meta-learner (<paramref name="meta"/>, null = the default) on the members' out-of-fold predictions.</summary>
    public static (ITransformer Model, PredictionMatrix OutOfFold, double Score) Fit(MLContext ml, IReadOnlyList<PredictionMatrix> oof, float[] truth,
        MLTask task, int width, MetricKind metric, int seed, CancellationToken ct, EnsembleMember? meta = null)
    {
        var view = ml.Data.Cache(View(ml, oof, task, width, truth));
        var cv = CrossValidator.Run(ml, view, _ => MetaLearner(ml, task, meta), task,
            new CrossValidationOptions { Folds = Math.Min(5, Math.Max(2, truth.Length / 10)), Seed = seed, Metrics = [metric], AllowSmallClasses = true }, null, ct);
        double score = Metric.Compute(metric, truth, cv.OutOfFold, task);
        var model = MetaLearner(ml, task, meta).Fit(view);
        return (model, cv.OutOfFold, score);
    }

    /// <summary>Fits the meta-learner on the members' predictions of these rows, without cross-validating it.</summary>
    public static ITransformer FitModel(MLContext ml, IReadOnlyList<PredictionMatrix> oof, float[] truth, MLTask task, int width, EnsembleMember? meta = null) =>
        MetaLearner(ml, task, meta).Fit(ml.Data.Cache(View(ml, oof, task, width, truth)));

    /// <summary>The meta-learner's predictions from the members' predictions.</summary>
    public static PredictionMatrix Predict(MLContext ml, ITransformer meta, IReadOnlyList<PredictionMatrix> members, MLTask task, int width) =>
        PredictionExtractor.Extract(meta.Transform(View(ml, members, task, width, null)), task, width);

    public sealed class Row<TLabel>
    {
        public TLabel Label { get; set; } = default!;
        public float[] Features { get; set; } = [];
    }

    public sealed class KeyRow
    {
        public float Label { get; set; }
    }

    public sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
