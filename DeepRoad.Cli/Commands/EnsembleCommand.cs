using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;
using Spectre.Console;

namespace DeepRoad.Cli.Commands;

/// <summary>
/// <c>deeproad ensemble --train FILE --label COL --kind K --members a,b,c [--folds K] [--layers L] [--seed N] [--test FILE] [--out DIR]</c>:
/// featurizes the training file with the default featurizer, fits the ensemble, evaluates it and each member on
/// --test, writes the model (model.zip: featurizer + ensemble, read by predict and evaluate; ensemble.zip: the ensemble
/// alone) and metrics.json, and prints a table.
/// </summary>
public static class EnsembleCommand
{
    /// <summary>The ensemble kinds the CLI offers.</summary>
    public enum Kind { Bagging, AdaBoost, Stacking, Voting, Selection }

    public static Command Create()
    {
        var train = new Option<FileInfo>("--train") { Description = "Training CSV/TSV with a header row.", Required = true };
        var label = new Option<string>("--label") { Description = "Name of the label column.", Required = true };
        var kind = new Option<Kind>("--kind") { Description = "bagging, adaboost, stacking, voting or selection.", Required = true };
        var members = new Option<string>("--members")
        {
            Description = "Comma-separated members: fasttree, fastforest, lightgbm, sdca, lbfgs, elasticnet (regression), knn (k nearest neighbours) (bagging and adaboost take one).",
            DefaultValueFactory = _ => "fasttree,lightgbm,sdca",
        };
        var folds = new Option<int>("--folds") { Description = "Folds for stacking / selection out-of-fold predictions.", DefaultValueFactory = _ => 5 };
        var layers = new Option<int>("--layers") { Description = "Stacking layers.", DefaultValueFactory = _ => 1 };
        var rounds = new Option<int>("--rounds") { Description = "Bagging copies / AdaBoost rounds.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Master seed.", DefaultValueFactory = _ => 0 };
        var parallel = new Option<int>("--parallel") { Description = "Member fits at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var test = new Option<FileInfo?>("--test") { Description = "Test file to evaluate on (same columns)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory for model.zip (featurizer + ensemble, for predict/evaluate), ensemble.zip and metrics.json." };
        var cmd = new Command("ensemble", "Fit a bagging, AdaBoost, stacking, voting or selection ensemble and compare it with its members.");
        foreach (var o in new Option[] { train, label, kind, members, folds, layers, rounds, seed, parallel, test, output }) cmd.Options.Add(o);
        cmd.SetAction((parse, ct) => Task.FromResult(Run(
            parse.GetValue(train)!, parse.GetValue(label)!, parse.GetValue(kind), parse.GetValue(members)!, parse.GetValue(folds),
            parse.GetValue(layers), parse.GetValue(rounds), parse.GetValue(seed), parse.GetValue(parallel), parse.GetValue(test), parse.GetValue(output), ct)));
        return cmd;
    }

    private static int Run(FileInfo trainFile, string label, Kind kind, string memberList, int folds, int layers, int rounds, int seed,
        int parallel, FileInfo? testFile, DirectoryInfo? outDir, CancellationToken ct)
    {
        if (!trainFile.Exists) throw new FileNotFoundException($"--train {trainFile.FullName}: file not found.");
        if (testFile is { Exists: false }) throw new FileNotFoundException($"--test {testFile.FullName}: file not found.");
        if (rounds < 1) throw new ArgumentException($"--rounds must be at least 1 (got {rounds}).");
        if (parallel < 1) throw new ArgumentException($"--parallel must be at least 1 (got {parallel}).");

        var ctx = new MLContext(seed);
        var options = new DataLoadOptions { Label = label };
        var trainData = DataLoader.LoadFile(ctx, trainFile.FullName, options, ct);
        var task = trainData.Schema.Task ?? throw new ArgumentException($"--label {label}: no task could be inferred for this column.");
        var preparedTrain = trainData.WithPreparedLabel(ctx);
        var featurizer = DefaultFeaturizer.Build(ctx, trainData.Schema).Fit(preparedTrain);
        var train = ctx.Data.Cache(featurizer.Transform(preparedTrain));

        var list = EnsembleMembers.Parse(memberList, task, exampleWeightColumnName: kind == Kind.AdaBoost ? "Weight" : null);
        if (kind is Kind.Bagging or Kind.AdaBoost && list.Count != 1)
            throw new ArgumentException($"--members: {kind.ToString().ToLowerInvariant()} takes exactly one member (got {list.Count}: {memberList}).");
        var catalog = ctx.DeepRoad().Ensembles;
        EnsembleEstimator estimator = kind switch
        {
            Kind.Bagging => catalog.Bagging(new BaggingOptions { Member = list[0], NumberOfMembers = rounds, OutOfBagScore = true, Seed = seed, MaxParallelism = parallel }),
            Kind.AdaBoost => catalog.AdaBoost(new AdaBoostOptions { Member = list[0], Rounds = rounds, Seed = seed, MaxParallelism = parallel }),
            Kind.Stacking => catalog.Stacking(new StackingOptions { Members = list, Folds = folds, Layers = layers, Seed = seed, MaxParallelism = parallel }),
            Kind.Voting => catalog.Voting(new VotingOptions { Members = list, Seed = seed, MaxParallelism = parallel }),
            _ => catalog.Selection(new SelectionOptions { Members = list, Folds = folds, Seed = seed, MaxParallelism = parallel }),
        };

        var progress = new Progress<EnsembleProgress>(p => Console.Error.WriteLine($"  [{p.Completed}/{p.Total}] {p.Member}: {p.Stage}"));
        var watch = Stopwatch.StartNew();
        var model = estimator.Fit(train, ct, progress);
        double fitSeconds = watch.Elapsed.TotalSeconds;

        var metrics = MetricKindExtensions.StandardSetFor(task);
        var rows = new List<(string Name, string Weight, IReadOnlyDictionary<MetricKind, double>? Scores)>();
        IReadOnlyDictionary<MetricKind, double>? ensembleScores = null;
        if (testFile != null)
        {
            var testData = DataLoader.LoadFile(ctx, testFile.FullName, trainData.Schema, options, ct);
            var test = ctx.Data.Cache(featurizer.Transform(testData.WithPreparedLabel(ctx)));
            var truth = LabelReader.Read(test, task, cancellationToken: ct);
            ensembleScores = Metric.ComputeAll(metrics, truth, model.PredictMatrix(test), task);
            var memberPredictions = model.PredictMembers(test);
            for (int i = 0; i < memberPredictions.Count; i++)
                rows.Add((memberPredictions[i].Name, Weight(model.Members[i].Weight), Metric.ComputeAll(metrics, truth, memberPredictions[i].Predictions, task)));
        }
        else
        {
            rows.AddRange(model.Members.Select(m => (m.Name, Weight(m.Weight), (IReadOnlyDictionary<MetricKind, double>?)null)));
        }

        var table = new Table().Title($"{kind} ensemble on {trainFile.Name} ({task}, fit {fitSeconds:F1} s)");
        table.AddColumn("model");
        table.AddColumn(new TableColumn("weight").RightAligned());
        foreach (var m in metrics) table.AddColumn(new TableColumn(MetricNames.ToName(m) + (testFile != null ? " (test)" : "")).RightAligned());
        foreach (var (name, weight, scores) in rows)
            table.AddRow([Markup.Escape(name), weight, .. metrics.Select(m => scores is null ? "-" : Format(scores[m]))]);
        table.AddRow([$"[bold]{kind.ToString().ToLowerInvariant()} ensemble[/]", "", .. metrics.Select(m => ensembleScores is null ? "-" : $"[bold]{Format(ensembleScores[m])}[/]")]);
        AnsiConsole.Write(table);
        if (model.OutOfBagScore is double oob) AnsiConsole.MarkupLine($"out-of-bag {model.OutOfBagMetric}: {Format(oob)}");
        if (model.StopReason is string stop) AnsiConsole.MarkupLine($"AdaBoost stopped early: {Markup.Escape(stop)}");

        if (outDir != null)
        {
            outDir.Create();
            // model.zip: featurizer and ensemble as one file, in the format that predict and evaluate read from raw rows.
            var info = new TrainedModel.Description(TrainedModel.FormatName, TrainedModel.FormatVersion, $"ensemble-{kind.ToString().ToLowerInvariant()}",
                task, label, trainData.Schema.Label!.ClassNamesInLabelOrder, Images: false, Schema: trainData.Schema);
            TrainedModel.Save(Path.Combine(outDir.FullName, "model.zip"), info, ctx,
                new Microsoft.ML.Data.TransformerChain<ITransformer>(featurizer, model), preparedTrain.Schema);
            // ensemble.zip: the ensemble alone, for EnsembleModel.Load over already featurized rows.
            model.Save(Path.Combine(outDir.FullName, "ensemble.zip"));
            var json = new
            {
                kind = kind.ToString().ToLowerInvariant(),
                task = task.ToString(),
                train = trainFile.FullName,
                test = testFile?.FullName,
                label,
                seed,
                fitSeconds,
                outOfBag = model.OutOfBagScore,
                ensemble = ensembleScores?.ToDictionary(kv => MetricNames.ToName(kv.Key), kv => kv.Value),
                members = rows.Select(r => new
                {
                    name = r.Name,
                    weight = r.Weight,
                    test = r.Scores?.ToDictionary(kv => MetricNames.ToName(kv.Key), kv => kv.Value),
                }),
            };
            File.WriteAllText(Path.Combine(outDir.FullName, "metrics.json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
            AnsiConsole.MarkupLine($"model and metrics written to {Markup.Escape(outDir.FullName)}");
        }
        return 0;
    }

    private static string Weight(double w) => double.IsNaN(w) ? "meta" : w.ToString("F3", CultureInfo.InvariantCulture);

    private static string Format(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
