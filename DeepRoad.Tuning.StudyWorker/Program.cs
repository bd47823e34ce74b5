using System.Globalization;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;
using DeepRoad.Tuning.Storage;

// Usage: StudyWorker DB STUDY TRIALS DELAY_MS SEED
// Runs a random-search study on a quadratic with a delay per trial; prints "done N" at the end.
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: StudyWorker DB STUDY TRIALS DELAY_MS SEED");
    return 2;
}
var db = args[0];
var name = args[1];
var trials = int.Parse(args[2], CultureInfo.InvariantCulture);
var delay = int.Parse(args[3], CultureInfo.InvariantCulture);
var seed = int.Parse(args[4], CultureInfo.InvariantCulture);
using var storage = new SqliteStudyStorage(db);
var study = new Study(name, WorkerSpace.Space, new RandomSampler(seed), storage,
    new StudyOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(200) });
var result = await study.OptimizeAsync(Objective.Create(async (t, ct) =>
{
    for (var step = 0; step < 3; step++)
    {
        await Task.Delay(delay / 3, ct);
        t.Report(step, WorkerSpace.Evaluate(t.Parameters) + 1.0 / (step + 1));
    }
    return WorkerSpace.Evaluate(t.Parameters);
}), StudyBudget.OfTrials(trials));
Console.WriteLine($"done {result.Trials.Count}");
return 0;

/// <summary>The space and objective shared by the worker and the tests.</summary>
public static class WorkerSpace
{
    public static SearchSpace Space { get; } = new(Parameter.Float("x", -3, 3), Parameter.Int("k", 0, 9));

    public static double Evaluate(ParameterSet p) => Math.Pow(p.GetDouble("x") - 1, 2) + p.GetInt("k");
}
