using System.Text.Json;
using DeepRoad.Pipelines;

namespace DeepRoad.Tests.Loading;

/// <summary>One entry of shared/data/datasets.json.</summary>
internal sealed record DatasetEntry(
    string Name, string Task, string? TextTask, string Label, string Train, string Test, int TrainRows, int TestRows,
    string[] Numeric, string[] Categorical, string[] Text, string[] Image, string[]? Classes, string? PositiveClass)
{
    public MLTask ExpectedTask => (TextTask ?? Task) switch
    {
        "binary" => MLTask.BinaryClassification,
        "multiclass" or "image" => MLTask.MulticlassClassification,
        "regression" => MLTask.Regression,
        var t => throw new InvalidOperationException("unknown task " + t),
    };
}

/// <summary>Reads datasets.json.</summary>
internal static class DatasetCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, DatasetEntry>> Entries = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DataPaths.Shared("datasets.json")));
        var result = new Dictionary<string, DatasetEntry>();
        foreach (var d in doc.RootElement.GetProperty("datasets").EnumerateArray())
        {
            string[] Strings(string prop) => d.TryGetProperty(prop, out var p) && p.ValueKind == JsonValueKind.Array
                ? p.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
            string? Str(string prop) => d.TryGetProperty(prop, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var entry = new DatasetEntry(
                Str("name")!, Str("task")!, Str("text_task"), Str("label")!, Str("train")!, Str("test")!,
                d.GetProperty("train_rows").GetInt32(), d.GetProperty("test_rows").GetInt32(),
                Strings("numeric"), Strings("categorical"), Strings("text"), Strings("image"),
                d.TryGetProperty("classes", out var c) && c.ValueKind == JsonValueKind.Array ? Strings("classes") : null,
                Str("positive_class"));
            result[entry.Name] = entry;
        }
        return result;
    });

    public static DatasetEntry Get(string name) => Entries.Value[name];

    public static IEnumerable<string> Names => Entries.Value.Keys;
}
