using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>Prepared IDataViews (Label + Features) from the shipped numeric datasets in data/.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("DeepRoad.sln not found above the test binaries.");
    });

    public static string DataDir(string name) => Path.Combine(Root.Value, "data", name);

    public sealed record Set(IDataView Train, IDataView Test, MLTask Task, int Features);

    /// <summary>breast_cancer (binary, positive = malignant), wine / iris (multiclass), diabetes (regression).</summary>
    public static Set Load(MLContext ctx, string name)
    {
        var dir = DataDir(name);
        var header = File.ReadLines(Path.Combine(dir, "train.csv")).First().Split(',');
        string label = header[^1];
        var (task, positive) = name switch
        {
            "breast_cancer" => (MLTask.BinaryClassification, "malignant"),
            "wine" or "iris" => (MLTask.MulticlassClassification, ""),
            "diabetes" => (MLTask.Regression, ""),
            _ => throw new ArgumentException(name),
        };
        var features = header[..^1];
        var columns = features.Select((f, i) => new TextLoader.Column(f, DataKind.Single, i)).ToList();
        columns.Add(new TextLoader.Column(label, task == MLTask.Regression ? DataKind.Single : DataKind.String, header.Length - 1));
        var loader = ctx.Data.CreateTextLoader(columns.ToArray(), separatorChar: ',', hasHeader: true);
        var train = loader.Load(Path.Combine(dir, "train.csv"));
        var test = loader.Load(Path.Combine(dir, "test.csv"));
        IEstimator<ITransformer> prep = task switch
        {
            MLTask.BinaryClassification => ctx.Transforms.CustomMapping<LabelIn, LabelOut>((i, o) => o.Label = i.Raw == positive, null)
                .Append(ctx.Transforms.DropColumns(label)),
            MLTask.MulticlassClassification => ctx.Transforms.Conversion.MapValueToKey("Label", label, keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue),
            _ => ctx.Transforms.CopyColumns("Label", label),
        };
        if (task == MLTask.BinaryClassification)
            prep = ctx.Transforms.CopyColumns("Raw", label).Append(prep);
        var pipeline = prep.Append(ctx.Transforms.Concatenate("Features", features));
        var fitted = pipeline.Fit(train);
        var keep = new[] { "Label", "Features" };
        return new Set(Materialize(ctx, fitted.Transform(train), keep), Materialize(ctx, fitted.Transform(test), keep), task, features.Length);
    }

    private static IDataView Materialize(MLContext ctx, IDataView view, string[] keep) =>
        ctx.Data.Cache(ctx.Transforms.SelectColumns(keep).Fit(view).Transform(view));

    public sealed class LabelIn { public string Raw { get; set; } = ""; }

    public sealed class LabelOut { public bool Label { get; set; } }

    /// <summary>Class index or value per row.</summary>
    public static float[] Labels(IDataView view) =>
        DeepRoad.Ensembles.Internal.ScoredRowReader.ReadLabels(view, DeepRoad.Ensembles.Internal.TaskInfo.FromSchema(view.Schema, "Label"));

    /// <summary>Rows of a prepared view as float arrays (for PredictionEngine tests).</summary>
    public static float[][] FeatureRows(IDataView view, int take)
    {
        var rows = new List<float[]>();
        using var cursor = view.GetRowCursor(view.Schema);
        var g = cursor.GetGetter<VBuffer<float>>(view.Schema["Features"]);
        VBuffer<float> buf = default;
        while (rows.Count < take && cursor.MoveNext())
        {
            g(ref buf);
            rows.Add(buf.DenseValues().ToArray());
        }
        return rows.ToArray();
    }
}
