using System.Globalization;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Evaluation;

/// <summary>Locates shipped data and prepares small ML.NET views that follow the label contract.</summary>
internal static class EvalTestData
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([RepoRoot, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "DeepRoad.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("DeepRoad.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Reads an all-numeric CSV with a label column into feature rows and raw label strings.</summary>
    public static (float[][] Features, string[] Labels, string[] FeatureNames) ReadNumericCsv(string dataset, string file, string label)
    {
        var lines = File.ReadAllLines(Path("data", dataset, file));
        var header = lines[0].Split(',');
        int li = Array.IndexOf(header, label);
        var features = new List<float[]>();
        var labels = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            features.Add(cells.Where((_, j) => j != li).Select(c => float.Parse(c, CultureInfo.InvariantCulture)).ToArray());
            labels.Add(cells[li]);
        }
        return (features.ToArray(), labels.ToArray(), header.Where((_, j) => j != li).ToArray());
    }

    /// <summary>A prepared view (Label per contract + Features vector) of a shipped all-numeric dataset.</summary>
    public static IDataView Prepared(MLContext ml, string dataset, string label, MLTask task, string file = "train.csv", string? positive = null)
    {
        var (x, y, _) = ReadNumericCsv(dataset, file, label);
        int width = x[0].Length;
        switch (task)
        {
            case MLTask.BinaryClassification:
            {
                var rows = x.Select((f, i) => new BoolRow { Features = f, Label = y[i] == positive }).ToList();
                return ml.Data.LoadFromEnumerable(rows, SchemaFor<BoolRow>(width));
            }
            case MLTask.MulticlassClassification:
            {
                var rows = x.Select((f, i) => new TextRow { Features = f, LabelText = y[i] }).ToList();
                var view = ml.Data.LoadFromEnumerable(rows, SchemaFor<TextRow>(width));
                var prep = ml.Transforms.Conversion.MapValueToKey("Label", "LabelText", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
                return prep.Fit(view).Transform(view);
            }
            default:
            {
                var rows = x.Select((f, i) => new FloatRow { Features = f, Label = float.Parse(y[i], CultureInfo.InvariantCulture) }).ToList();
                return ml.Data.LoadFromEnumerable(rows, SchemaFor<FloatRow>(width));
            }
        }
    }

    private static SchemaDefinition SchemaFor<T>(int width)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    public sealed class BoolRow { public float[] Features { get; set; } = []; public bool Label { get; set; } }

    public sealed class TextRow { public float[] Features { get; set; } = []; public string LabelText { get; set; } = ""; }

    public sealed class FloatRow { public float[] Features { get; set; } = []; public float Label { get; set; } }
}
