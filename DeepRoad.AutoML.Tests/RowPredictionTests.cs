using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>
/// Rows given as dictionaries (and typed objects) are scored through models bound once to a reusable input row; the
/// result must be the batch path's, for every task, with several members and fold models, and from several threads.
/// </summary>
public sealed class RowPredictionTests
{
    [Theory]
    [InlineData("breast_cancer", "diagnosis")]
    [InlineData("penguins", "species")]
    [InlineData("diabetes", "progression")]
    [InlineData("reviews", "label")]
    public async Task DictionaryRows_MatchTheBatchPath_OneAtATimeAndFromManyThreads(string set, string label)
    {
        var o = new AutoMLOptions { LabelColumn = label, TimeBudget = null, MaxTrials = 4, Workers = 2, Seed = 8, Folds = 3 };
        if (set == "reviews") WriteReviews();
        string Path(string file) => set == "reviews" ? System.IO.Path.Combine(ReviewsDir.Value, file) : TestData.Shipped(set, file);
        var result = await new MLContext(8).DeepRoad().AutoML(o).FitAsync(Path("train.csv"));
        var model = result.Model;
        Assert.True(model.Members.Count > 1 || model.Members[0].RefitOnAllRows == false, "the model should hold several fold models");

        string test = Path("test.csv");
        var rows = ReadRows(test, label).Take(40).ToList(); // PredictBatch of all 40 takes the batch path, one or a few rows the row path
        var batch = model.PredictFile(test);
        var together = model.PredictBatch(rows).Concat(model.PredictBatch(rows.Take(10).ToList())).ToList();
        var single = rows.Select(r => model.Predict(r)).ToList();
        // Large files are scored a chunk of rows at a time: chunks of 7 rows give the same numbers as one pass.
        var view = Data.AutoMLData.FromFile(new MLContext(8), model.Schema, test, requireLabel: false, out _);
        Assert.Equal(model.Score(view).Values, model.Score(view, chunkRows: 7).Values);
        var parallel = new ModelPrediction[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = model.Predict(rows[i]));

        for (int i = 0; i < rows.Count; i++)
        {
            foreach (var other in new[] { together[i], single[i], parallel[i] }.Concat(i < 10 ? [together[rows.Count + i]] : []))
            {
                Assert.Equal(batch[i].PredictedLabel, other.PredictedLabel);
                Assert.Equal(batch[i].Value, other.Value, 5);
                if (batch[i].Probabilities is { } p)
                    foreach (var (cls, prob) in p) Assert.Equal(prob, other.Probabilities![cls], 5);
            }
        }
    }

    [Fact]
    public void ChunkRows_BoundTheFoldModelsPredictionsHeldAtOnce()
    {
        Assert.Equal(8388, AutoMLModel.ChunkRows(jobs: 40, width: 50));   // 16 Mi floats over 40 fold models of 50 classes
        Assert.Equal(65_536, AutoMLModel.ChunkRows(jobs: 5, width: 2));
        Assert.Equal(1024, AutoMLModel.ChunkRows(jobs: 100, width: 1000));
    }

    [Fact]
    public async Task PredictFile_IgnoresALabelColumnWithEmptyRows_EvaluateNamesTheFirstEmptyOne()
    {
        // Rows to score often keep the label column, empty where the answer is unknown.
        var o = new AutoMLOptions { LabelColumn = "progression", TimeBudget = null, MaxTrials = 2, Seed = 3, Folds = 3 };
        var result = await new MLContext(3).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("diabetes", "train.csv"));
        var lines = File.ReadAllLines(TestData.Shipped("diabetes", "test.csv"));
        int labelAt = Array.IndexOf(lines[0].Split(','), "progression");
        string Blank(string line) { var f = line.Split(','); f[labelAt] = ""; return string.Join(",", f); }
        var partly = lines.Select((l, i) => i is 3 or 5 ? Blank(l) : l).ToArray();
        string path = Path.Combine(TestData.TempDir(), "to_score.csv");
        File.WriteAllLines(path, partly);

        var scored = result.Model.PredictFile(path);
        var reference = result.Model.PredictFile(TestData.Shipped("diabetes", "test.csv"));
        Assert.Equal(reference.Select(p => p.Value), scored.Select(p => p.Value));
        var ex = Assert.Throws<DeepRoadDataException>(() => result.Model.Evaluate(path));
        Assert.Contains("row 3", ex.Message);
        Assert.Contains("'progression' is empty", ex.Message);
    }

    private static readonly Lazy<string> ReviewsDir = new(TestData.TempDir);

    /// <summary>A small text table (short reviews and a price), so the text featurizer and naive Bayes are scored by row too.</summary>
    private static void WriteReviews()
    {
        string[] good = ["great", "tasty", "fresh", "love", "excellent"], bad = ["stale", "awful", "bland", "broken", "late"], filler = ["the", "box", "it", "was", "coffee", "and"];
        foreach (var (file, n, seed) in new[] { ("train.csv", 150, 1), ("test.csv", 40, 2) })
        {
            var rng = new Random(seed);
            var lines = new List<string> { "review,price,label" };
            for (int r = 0; r < n; r++)
            {
                bool positive = rng.Next(2) == 1;
                var words = Enumerable.Range(0, 6).Select(i => i % 3 == 0 ? (positive ? good : bad)[rng.Next(5)] : filler[rng.Next(filler.Length)]);
                lines.Add($"\"{string.Join(' ', words)}\",{rng.Next(5, 40)},{(positive ? "pos" : "neg")}");
            }
            File.WriteAllLines(System.IO.Path.Combine(ReviewsDir.Value, file), lines);
        }
    }

    /// <summary>The test file's rows as column name to text (empty = missing), without the label.</summary>
    private static IEnumerable<IReadOnlyDictionary<string, object?>> ReadRows(string path, string label)
    {
        using var reader = CsvHelper.CsvReader.FromFile(path, new CsvHelper.CsvReaderOptions { HasHeader = true });
        var headers = reader.Headers.ToArray();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>();
            for (int i = 0; i < headers.Length; i++)
                if (headers[i] != label) row[headers[i]] = reader.GetString(i) is { Length: > 0 } s ? s : null;
            yield return row;
        }
    }
}
