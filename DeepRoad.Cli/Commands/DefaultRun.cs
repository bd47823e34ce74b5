namespace DeepRoad.Cli.Commands;

/// <summary>
/// What <c>dotnet run --project DeepRoad.Cli</c> does with no arguments: AutoML on the shipped attrition data
/// (label Attrition) with a 30-second budget on 2 workers, then the leaderboard, test metrics and report path.
/// </summary>
public static class DefaultRun
{
    /// <summary>Seconds of AutoML budget for the default run.</summary>
    public const double BudgetSeconds = 30;

    public static Task<int> RunAsync(CancellationToken ct)
    {
        var data = FindData("attrition") ?? throw new DirectoryNotFoundException(
            "data/attrition not found: run from the repository (or pass a command, e.g. `deeproad automl --train FILE --label COL`).");
        Console.WriteLine($"No command given: running AutoML on the shipped attrition data ({BudgetSeconds:0} s AutoML budget; loading and the report add a few seconds). `deeproad --help` lists the commands.");
        return AutomlCommand.RunAsync(new AutomlCommand.Request(
            Path.Combine(data, "train.csv"), Path.Combine(data, "test.csv"), "Attrition", AutoML.AutoMLTask.Auto, BudgetSeconds, null,
            Metric: null, Jobs: Math.Max(1, Math.Min(2, Environment.ProcessorCount)), Seed: 0, Out: AutomlCommand.DefaultOut(), Folds: null, Study: null), ct);
    }

    /// <summary>Finds data/NAME walking up from the current directory, then from the executable.</summary>
    public static string? FindData(string name)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var p = Path.Combine(d.FullName, "data", name);
                if (File.Exists(Path.Combine(p, "train.csv"))) return p;
            }
        }
        return null;
    }
}
