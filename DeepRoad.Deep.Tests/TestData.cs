using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Deep.Tests;

/// <summary>Locates and loads the datasets the tests use.</summary>
internal static class TestData
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("DeepRoad.sln not found above the test binaries.");
    }

    public static string Shipped(string relative) => Path.Combine(Root, "data", relative);

    /// <summary>A set from ../shared/data (falls back to /work/shared/data).</summary>
    public static string Shared(string relative)
    {
        string p = Path.Combine(Root, "..", "shared", "data", relative);
        return File.Exists(p) || Directory.Exists(p) ? Path.GetFullPath(p) : Path.Combine("/work/shared/data", relative);
    }

    /// <summary>A CSV whose columns are all numeric except the label (loaded as text).</summary>
    public static IDataView NumericCsv(MLContext ml, string path, string label)
    {
        var header = File.ReadLines(path).First().Split(',');
        var cols = header.Select((h, i) => new TextLoader.Column(h, h == label ? DataKind.String : DataKind.Single, i)).ToArray();
        return ml.Data.LoadFromTextFile(path, cols, separatorChar: ',', hasHeader: true, allowQuoting: true);
    }

    /// <summary>Iris prepared per the contract: Features (4) and Label key (3 classes by value).</summary>
    public static (IDataView Train, IDataView Test) Iris(MLContext ml) => Prepare(ml, "iris", "species", multiclass: true);

    /// <summary>Breast cancer: Features (30) and Boolean Label (malignant = true).</summary>
    public static (IDataView Train, IDataView Test) BreastCancer(MLContext ml)
    {
        var train = NumericCsv(ml, Shipped("breast_cancer/train.csv"), "diagnosis");
        var test = NumericCsv(ml, Shipped("breast_cancer/test.csv"), "diagnosis");
        var features = train.Schema.Where(c => c.Name != "diagnosis").Select(c => c.Name).ToArray();
        var map = ml.Transforms.CustomMapping((DiagnosisIn i, BoolLabel o) => o.Label = i.diagnosis == "malignant", contractName: null)
            .Append(ml.Transforms.Concatenate("Features", features));
        var t = map.Fit(train);
        return (t.Transform(train), t.Transform(test));
    }

    /// <summary>Diabetes regression: Features (10), Label Single.</summary>
    public static (IDataView Train, IDataView Test) Diabetes(MLContext ml)
    {
        var train = ml.Data.LoadFromTextFile(Shipped("diabetes/train.csv"), Columns(Shipped("diabetes/train.csv")), separatorChar: ',', hasHeader: true);
        var test = ml.Data.LoadFromTextFile(Shipped("diabetes/test.csv"), Columns(Shipped("diabetes/train.csv")), separatorChar: ',', hasHeader: true);
        var features = train.Schema.Where(c => c.Name != "progression").Select(c => c.Name).ToArray();
        var t = ml.Transforms.CopyColumns("Label", "progression").Append(ml.Transforms.Concatenate("Features", features)).Fit(train);
        return (t.Transform(train), t.Transform(test));
    }

    private static TextLoader.Column[] Columns(string path) =>
        File.ReadLines(path).First().Split(',').Select((h, i) => new TextLoader.Column(h, DataKind.Single, i)).ToArray();

    private static (IDataView, IDataView) Prepare(MLContext ml, string set, string label, bool multiclass)
    {
        var train = NumericCsv(ml, Shipped($"{set}/train.csv"), label);
        var test = NumericCsv(ml, Shipped($"{set}/test.csv"), label);
        var features = train.Schema.Where(c => c.Name != label).Select(c => c.Name).ToArray();
        var t = ml.Transforms.Conversion.MapValueToKey("Label", label, keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Concatenate("Features", features)).Fit(train);
        return (t.Transform(train), t.Transform(test));
    }

    public sealed class DiagnosisIn
    {
        public string diagnosis { get; set; } = "";
    }

    public sealed class BoolLabel
    {
        public bool Label { get; set; }
    }
}
