using System.Text.Json;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tests.Evaluation;

namespace DeepRoad.Tests.Metrics;

/// <summary>
/// Every metric against scikit-learn 1.2.1 on fixed predictions (synthetic edge cases and models trained on shipped
/// data). Golden values: Metrics/golden/metrics_golden.json, written by Metrics/golden/make_golden.py.
/// </summary>
public sealed class MetricsGoldenTests
{
    private const double Tolerance = 1e-9;

    public sealed record GoldenCase(string Name, MLTask Task, float[] Truth, PredictionMatrix Predictions,
        Dictionary<string, double> Metrics, long[][]? Confusion)
    {
        public override string ToString() => Name;
    }

    private static readonly Lazy<IReadOnlyList<GoldenCase>> Cases = new(Load);

    private static IReadOnlyList<GoldenCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(EvalTestData.Path("DeepRoad.Tests", "Metrics", "golden", "metrics_golden.json")));
        var result = new List<GoldenCase>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var task = c.GetProperty("task").GetString() switch
            {
                "binary" => MLTask.BinaryClassification,
                "multiclass" => MLTask.MulticlassClassification,
                _ => MLTask.Regression,
            };
            var truth = c.GetProperty("truth").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            var values = c.GetProperty("predictions").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            int width = c.GetProperty("width").GetInt32();
            var metrics = c.GetProperty("metrics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            long[][]? confusion = c.TryGetProperty("confusion", out var cm)
                ? cm.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray()
                : null;
            result.Add(new GoldenCase(c.GetProperty("name").GetString()!, task, truth, new PredictionMatrix(truth.Length, width, values), metrics, confusion));
        }
        return result;
    }

    public static TheoryData<string> CaseNames() => new(Cases.Value.Select(c => c.Name));

    private static GoldenCase Get(string name) => Cases.Value.Single(c => c.Name == name);

    [Fact]
    public void Golden_File_CoversEveryTaskAndSharedData()
    {
        Assert.Equal(9, Cases.Value.Count);
        Assert.Contains(Cases.Value, c => c.Name.StartsWith("breast_cancer", StringComparison.Ordinal));
        Assert.Contains(Cases.Value, c => c.Name.StartsWith("iris", StringComparison.Ordinal));
        Assert.Contains(Cases.Value, c => c.Name.StartsWith("diabetes", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Compute_EveryApplicableMetric_MatchesScikitLearn(string name)
    {
        var c = Get(name);
        int compared = 0;
        foreach (var kind in Enum.GetValues<MetricKind>().Where(k => k.AppliesTo(c.Task)))
        {
            if (!c.Metrics.TryGetValue(MetricNames.ToName(kind), out var expected)) continue;
            double actual = Metric.Compute(kind, c.Truth, c.Predictions, c.Task);
            Assert.True(Math.Abs(actual - expected) <= Tolerance, $"{name} {kind}: expected {expected:R}, got {actual:R}");
            compared++;
        }
        Assert.True(compared >= (c.Task == MLTask.Regression ? 4 : 9), $"{name}: only {compared} metrics compared");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void LowLevel_AveragedPrecisionRecallAndConfusion_MatchScikitLearn(string name)
    {
        var c = Get(name);
        if (c.Task == MLTask.Regression) return;
        var truth = Metric.ToClassIndices(c.Truth, c.Predictions.Width);
        var predicted = c.Predictions.ArgMax();
        foreach (var (suffix, average) in new[] { ("macro", AverageKind.Macro), ("micro", AverageKind.Micro), ("weighted", AverageKind.Weighted) })
        {
            Assert.Equal(c.Metrics["precision_" + suffix], ClassificationMetrics.Precision(truth, predicted, average), Tolerance);
            Assert.Equal(c.Metrics["recall_" + suffix], ClassificationMetrics.Recall(truth, predicted, average), Tolerance);
        }
        var cm = ClassificationMetrics.Confusion(truth, predicted, c.Predictions.Width);
        Assert.Equal(c.Confusion!, cm.ToArray());
    }

    [Fact]
    public void RocAuc_MulticlassWithClassAbsentFromTruth_AveragesPresentClasses()
    {
        var c = Get("multiclass_absent_class");
        Assert.False(c.Metrics.ContainsKey("roc_auc")); // scikit-learn refuses; DeepRoad skips the absent class
        var truth = Metric.ToClassIndices(c.Truth, 3);
        double expected = (ClassificationMetrics.RocAuc(truth, c.Predictions.Column(0), positiveClass: 0)
                           + ClassificationMetrics.RocAuc(truth, c.Predictions.Column(1), positiveClass: 1)) / 2;
        Assert.Equal(expected, Metric.Compute(MetricKind.RocAuc, c.Truth, c.Predictions, c.Task), 12);
    }
}
