using System.Globalization;
using System.Text;
using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>SDCA regression is fitted on a standardised label, so a label far from unit scale does not stall it.</summary>
public sealed class StandardizedLabelTests
{
    [Fact]
    public async Task Sdca_OnPricesNearOneBillion_ReachesTheLeastSquaresError_AndRoundTrips()
    {
        // y = 10^9 + 10^7 x + noise with sd 10^5: least squares gets an RMSE near 10^5. Fitted on the raw label, SDCA's
        // cross-validated RMSE was 1.6-2.5 million.
        var rng = new Random(5);
        var sb = new StringBuilder("x,cat,y\n");
        for (int i = 0; i < 300; i++)
        {
            double x = rng.NextDouble() * 2 - 1, noise = (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * 2e5;
            sb.Append(CultureInfo.InvariantCulture, $"{x:0.000},{(i % 2 == 0 ? "a" : "b")},{1e9 + x * 1e7 + noise:0}\n");
        }
        string path = Path.Combine(TestData.TempDir(), "bigreg.csv");
        File.WriteAllText(path, sb.ToString());
        var o = new AutoMLOptions { LabelColumn = "y", TimeBudget = null, MaxTrials = 2, Workers = 1, Seed = 2, Trainers = [AutoMLTrainer.SdcaLinear] };
        var result = await new MLContext(2).DeepRoad().AutoML(o).FitAsync(path);
        double rmse = result.Leaderboard.Best!.Score!.Value;
        Assert.True(rmse < 1.5e5, $"cross-validated RMSE {rmse:0}");

        var rows = new[] { 0.5, -0.25 }.Select(x => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["x"] = x, ["cat"] = "a" }).ToList();
        var before = result.Model.PredictBatch(rows);
        Assert.InRange(before[0].Value, 1e9 + 0.5e7 - 1e6, 1e9 + 0.5e7 + 1e6);
        string model = Path.Combine(TestData.TempDir(), "bigreg.zip");
        result.Save(model);
        var after = AutoMLModel.Load(model).PredictBatch(rows);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(before[i].Value, after[i].Value);
    }
}
