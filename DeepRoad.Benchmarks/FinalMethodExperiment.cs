using System.Globalization;
using System.Text.Json;
using DeepRoad.AutoML;
using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Ensembling;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Benchmarks;

/// <summary>
/// <c>automl finals DATA SET LABEL METRIC SECONDS JOBS SEED</c>: one AutoML search, then every way of building the final
/// model from the trials it kept (Caruana selection variants, stacks, plain averages), each scored out of fold and on
/// the test file. Every candidate uses its members' fold models (no refit), so they are compared on equal terms. This
/// is how the final-model rule is chosen on evidence rather than on one lucky split; it prints one RESULT line. An
/// optional eighth argument, a folder, gets <c>SET_seedN.json</c>: the truth of the training and test rows and every kept
/// trial's out-of-fold and test predictions, so that a new rule can be scored offline on the same searches in seconds.
/// </summary>
public static class FinalMethodExperiment
{
    /// <summary>One search's kept trials, best first: what every rule is built from, and what a dump file holds.</summary>
    public sealed record Library(string Name, int Seed, string Metric, string Task, int Width, float[] Truth, float[] TestTruth, List<Member> Members);

    /// <summary>A kept trial: its out-of-fold predictions on the training rows and its fold models' predictions of the test rows.</summary>
    public sealed record Member(int Number, string Trainer, string Pipeline, float[] Oof, float[] Test);

    private static readonly JsonSerializerOptions DumpJson = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static async Task<int> RunAsync(string[] a)
    {
        string shared = a[0], name = a[1], label = a[2], metricName = a[3];
        double time = double.Parse(a[4], CultureInfo.InvariantCulture);
        int jobs = int.Parse(a[5], CultureInfo.InvariantCulture);
        int seed = int.Parse(a[6], CultureInfo.InvariantCulture);
        var metric = MetricNames.Parse(metricName);
        var o = new AutoMLOptions { LabelColumn = label, Metric = metric, TimeBudget = TimeSpan.FromSeconds(time), Workers = jobs, Seed = seed };
        var ml = new MLContext(seed);
        var r = await ml.DeepRoad().AutoML(o).FitAsync(Path.Combine(shared, name, "train.csv"));
        var task = r.Schema.Label!.Task;
        var testView = AutoMLData.FromFile(ml, r.Schema, Path.Combine(shared, name, "test.csv"), requireLabel: true, out var testTruth);
        var kept = r.Library;
        var members = kept.Select(x => new Member(x.Record.Number, x.Record.Trainer.ToString(), x.Record.Pipeline, x.Oof!.Values,
            new AutoMLModel(ml, r.Schema, metric, [new ModelMember(x.Record.Number, x.Record.Trainer, 1, false, "")], [x.FoldModels!]).Score(testView).Values)).ToList();
        var lib = new Library(name, seed, metricName, task.ToString(), kept[0].Oof!.Width, r.Validation.Truth, testTruth!, members);
        // Every kept trial alone: its out-of-fold and test score (how far the search's ranking carries to the test file).
        for (int i = 0; i < kept.Count; i++)
        {
            var (oofScore, testScore) = Scores(lib, metric, task, members[i].Oof, members[i].Test);
            Console.WriteLine(FormattableString.Invariant($"MEMBER {name} #{kept[i].Record.Number} {kept[i].Record.Trainer} oof {oofScore:G5} test {testScore:G5} | {kept[i].Record.Pipeline} | {string.Join(",", kept[i].Record.Parameters.Select(kv => $"{kv.Key}={kv.Value:G4}"))}"));
        }

        var results = ScoreRules(lib, ml);
        results["final"] = new[] { r.EnsembleScore, r.Model.Evaluate(Path.Combine(shared, name, "test.csv")) is var ev ? ev[metricName switch { "roc_auc" => "auc", _ => metricName }] : 0 };
        if (r.FinalMethod != FinalMethod.Stacking)
        {
            // The same members and weights with their fold models instead of the refits on all rows.
            var idx = r.Model.Members.Select(m => members.FindIndex(x => x.Number == m.Trial)).ToList();
            var w = r.Model.Members.Select(m => m.Weight).ToList();
            var (foldsOof, foldsTest) = Scores(lib, metric, task, Blend(lib, idx, w, x => x.Oof), Blend(lib, idx, w, x => x.Test));
            results["final_folds"] = new[] { foldsOof, foldsTest };
            results["final_refit"] = string.Join(",", r.Model.Members.Select(m => m.RefitOnAllRows ? "r" : "f"));
        }
        results["final_method"] = r.UsedTrainerAverage ? "TrainerAverage" : r.FinalMethod.ToString();
        // How often the returned model's rival (the better of selection and stack) beat the per-trainer average on the
        // bootstrap resamples: the product takes the average below 0.84.
        if (r.TrainerAverageRivalWinRate is { } wr) results["avg_rival_winrate"] = wr;
        if (a.Length > 7)
        {
            Directory.CreateDirectory(a[7]);
            File.WriteAllText(Path.Combine(a[7], FormattableString.Invariant($"{name}_seed{seed}.json")), JsonSerializer.Serialize(lib, DumpJson));
        }
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(new { name, seed, results }));
        return 0;
    }

    /// <summary>
    /// <c>automl finals-offline FILE...</c>: the rules scored again on dumped searches (<see cref="RunAsync"/>'s eighth
    /// argument), one RESULT line per file, without the returned model's rows (that needs the search itself).
    /// </summary>
    public static int Offline(string[] files)
    {
        foreach (var file in files)
        {
            var lib = JsonSerializer.Deserialize<Library>(File.ReadAllText(file), DumpJson) ?? throw new InvalidDataException($"{file}: empty");
            var results = ScoreRules(lib, new MLContext(lib.Seed));
            Console.WriteLine("RESULT " + JsonSerializer.Serialize(new { name = lib.Name, seed = lib.Seed, file = Path.GetFileName(file), results }));
        }
        return 0;
    }

    private static (double Oof, double Test) Scores(Library lib, MetricKind metric, MLTask task, float[] oof, float[] test) =>
        (Metric.Compute(metric, lib.Truth, new PredictionMatrix(lib.Truth.Length, lib.Width, oof), task),
         Metric.Compute(metric, lib.TestTruth, new PredictionMatrix(lib.TestTruth.Length, lib.Width, test), task));

    private static float[] Blend(Library lib, IReadOnlyList<int> idx, IReadOnlyList<double> w, Func<Member, float[]> part)
    {
        int rows = part(lib.Members[0]).Length / lib.Width;
        return AutoMLModel.Blend(idx.Select(i => new PredictionMatrix(rows, lib.Width, part(lib.Members[i]))).ToList(), w).Values;
    }

    /// <summary>Three families: linear and naive Bayes (0), trees (1), neural networks (2).</summary>
    private static int Family3(AutoMLTrainer t) => t switch
    {
        AutoMLTrainer.LbfgsLinear or AutoMLTrainer.SdcaLinear or AutoMLTrainer.NaiveBayes => 0,
        AutoMLTrainer.Mlp or AutoMLTrainer.Recurrent or AutoMLTrainer.Cnn => 2,
        _ => 1,
    };

    /// <summary>Five families: linear, boosted trees, forests, naive Bayes, neural networks (k nearest neighbours with the last).</summary>
    private static int Family5(AutoMLTrainer t) => t switch
    {
        AutoMLTrainer.LbfgsLinear or AutoMLTrainer.SdcaLinear => 0,
        AutoMLTrainer.LightGbm or AutoMLTrainer.FastTree => 1,
        AutoMLTrainer.FastForest or AutoMLTrainer.ExtraTrees or AutoMLTrainer.RandomForest => 2,
        AutoMLTrainer.NaiveBayes => 3,
        _ => 4,
    };

    /// <summary>Weights giving each family an equal share, split equally among its trainers.</summary>
    private static List<double> FamilyWeights(IReadOnlyList<AutoMLTrainer> trainers, Func<AutoMLTrainer, int> family)
    {
        var size = trainers.GroupBy(family).ToDictionary(g => g.Key, g => g.Count());
        return trainers.Select(t => 1.0 / size[family(t)]).ToList();
    }

    /// <summary>Every rule for building the final model from <paramref name="lib"/>, each as [out-of-fold score, test score] (and a few diagnostics).</summary>
    public static Dictionary<string, object> ScoreRules(Library lib, MLContext ml)
    {
        var metric = MetricNames.Parse(lib.Metric);
        var task = Enum.Parse<MLTask>(lib.Task);
        int seed = lib.Seed, width = lib.Width;
        var truth = lib.Truth;
        var oof = lib.Members.Select(m => new PredictionMatrix(truth.Length, width, m.Oof)).ToList();
        var test = lib.Members.Select(m => new PredictionMatrix(lib.TestTruth.Length, width, m.Test)).ToList();
        var trainer = lib.Members.Select(m => Enum.Parse<AutoMLTrainer>(m.Trainer)).ToList();
        var results = new Dictionary<string, object>();
        void Add(string key, PredictionMatrix o1, PredictionMatrix t1) =>
            results[key] = new[] { Metric.Compute(metric, truth, o1, task), Metric.Compute(metric, lib.TestTruth, t1, task) };
        (PredictionMatrix, PredictionMatrix) Weighted(IReadOnlyList<int> idx, IReadOnlyList<double> w) =>
            (AutoMLModel.Blend(idx.Select(i => oof[i]).ToList(), w), AutoMLModel.Blend(idx.Select(i => test[i]).ToList(), w));
        void AddW(string key, IReadOnlyList<int> idx, IReadOnlyList<double> w) { var (p, q) = Weighted(idx, w); Add(key, p, q); }

        int top = Math.Min(20, oof.Count);
        var top20 = Enumerable.Range(0, top).ToList();
        var all = Enumerable.Range(0, oof.Count).ToList();
        MetricKind? tie = task != MLTask.Regression && metric != MetricKind.LogLoss ? MetricKind.LogLoss : null;
        int[] Caruana(IReadOnlyList<int> idx, MetricKind m, MetricKind? t, int init) =>
            EnsembleSelection.Select(idx.Select(i => oof[i]).ToList(), truth, task,
                new EnsembleSelectionOptions { Metric = m, Iterations = 24, InitialBestN = Math.Min(init, idx.Count), TieBreakMetric = t }).Counts.ToArray();
        void AddCaruana(string key, IReadOnlyList<int> idx, MetricKind m, MetricKind? t, int init)
        {
            if (idx.Count < 2) { AddW(key, idx, [1]); return; }
            var c = Caruana(idx, m, t, init);
            AddW(key, idx, c.Select(x => (double)x).ToList());
        }
        void AddBagged(string key, IReadOnlyList<int> idx, MetricKind m, MetricKind? t)
        {
            if (idx.Count < 4) { AddCaruana(key, idx, m, t, 1); return; }
            var rng = new Random(seed);
            var w = new double[idx.Count];
            for (int b = 0; b < 20; b++)
            {
                var pick = Enumerable.Range(0, idx.Count).OrderBy(_ => rng.Next()).Take(idx.Count / 2).OrderBy(i => i).ToList();
                var c = Caruana(pick.Select(i => idx[i]).ToList(), m, t, 1);
                double s = c.Sum();
                for (int k = 0; k < pick.Count; k++) w[pick[k]] += c[k] / s;
            }
            AddW(key, idx, w);
        }
        PredictionMatrix? nestedOof = null;
        void AddStack(string key, IReadOnlyList<int> idx)
        {
            if (idx.Count < 2) return;
            var st = MetaStack.Fit(ml, idx.Select(i => oof[i]).ToList(), truth, task, width, metric, seed, CancellationToken.None);
            results[key] = new[] { st.Score, Metric.Compute(metric, lib.TestTruth, MetaStack.Predict(ml, st.Model, idx.Select(i => test[i]).ToList(), task, width), task) };
            // How often the stack beats the selection's nested out-of-fold predictions on a bootstrap of the rows.
            if (nestedOof is not null) results["boot_" + key] = PairedBootstrap.WinRate(metric, truth, st.OutOfFold, nestedOof, task, 200, seed);
        }
        // A classification stack whose meta-learner is penalised harder than the product's (L2 = 1 on standardised
        // predictions): scikit-learn's StackingClassifier default, LogisticRegression(C=1) on raw probabilities, is about
        // L2 = 10 on this scale. Scored on test only (its out-of-fold score is the in-sample fit's, for reference).
        void AddStackL2(string key, IReadOnlyList<int> idx, float l2)
        {
            if (idx.Count < 2 || task == MLTask.Regression) return;
            IEstimator<ITransformer> meta = task == MLTask.BinaryClassification
                ? ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                    new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options { L2Regularization = l2, L1Regularization = 0, NumberOfThreads = 1 }))
                : ml.Transforms.NormalizeMeanVariance("Features").Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
                    new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options { L2Regularization = l2, L1Regularization = 0, NumberOfThreads = 1 }));
            var model = meta.Fit(ml.Data.Cache(MetaStack.View(ml, idx.Select(i => oof[i]).ToList(), task, width, truth)));
            Add(key, MetaStack.Predict(ml, model, idx.Select(i => oof[i]).ToList(), task, width), MetaStack.Predict(ml, model, idx.Select(i => test[i]).ToList(), task, width));
        }
        var perTrainer = all.GroupBy(i => trainer[i]).Select(g => g.First()).OrderBy(i => i).ToList();

        AddW("single", [0], [1]);
        AddCaruana("current", top20, metric, tie, 1);
        AddCaruana("sorted5", top20, metric, tie, 5);
        AddCaruana("divlib", all, metric, tie, 1);
        // At most k trials per trainer, best first: after hundreds of trials on small data the best twenty are one
        // family's neighbouring configurations, whose out-of-fold scores are the luckiest of many.
        List<int> Capped(int k, int limit) => all.GroupBy(i => trainer[i]).SelectMany(g => g.Take(k)).Order().Take(limit).ToList();
        AddCaruana("cap3", Capped(3, 20), metric, tie, 1);
        AddCaruana("cap1", Capped(1, 20), metric, tie, 1);
        AddBagged("bagged", top20, metric, tie);
        AddBagged("bagged_div", all, metric, tie);
        if (task != MLTask.Regression)
        {
            AddCaruana("ll", top20, MetricKind.LogLoss, null, 1);
            AddCaruana("ll_div", all, MetricKind.LogLoss, null, 1);
            AddBagged("bagged_ll", top20, MetricKind.LogLoss, null);
        }
        AddW("avg5", top20.Take(5).ToList(), Enumerable.Repeat(1.0, Math.Min(5, top)).ToList());
        AddW("avg_trainers", perTrainer, Enumerable.Repeat(1.0, perTrainer.Count).ToList());
        // Plain average of the trainers whose best trial the overall best does not clearly beat (paired bootstrap of the
        // out-of-fold rows): the statistically tied families, equally weighted.
        foreach (var p in new[] { 0.8, 0.9, 0.95 })
        {
            var tied = perTrainer.Where(i => i == perTrainer[0] || PairedBootstrap.WinRate(metric, truth, oof[perTrainer[0]], oof[i], task, 200, seed) < p).ToList();
            AddW(FormattableString.Invariant($"avg_tied{p * 100:0}"), tied, Enumerable.Repeat(1.0, tied.Count).ToList());
            if (p == 0.9) results["tied90"] = string.Join(",", tied.Select(i => trainer[i]));
        }
        // The same tied trainers weighted so that each model family, not each trainer, has an equal share: with four
        // tree ensembles and one linear model tied, the per-trainer average is four fifths trees.
        foreach (var (famKey, fam) in new (string, Func<AutoMLTrainer, int>)[] { ("fam3", Family3), ("fam5", Family5) })
        {
            var tied = perTrainer.Where(i => i == perTrainer[0] || PairedBootstrap.WinRate(metric, truth, oof[perTrainer[0]], oof[i], task, 200, seed) < AutoMLExperiment.AverageTiedShare).ToList();
            AddW("avg_tied95_" + famKey, tied, FamilyWeights(tied.Select(i => trainer[i]).ToList(), fam));
        }
        // The selection's own score, nested as AutoML computes it (EnsembleSelection.CrossValidate).
        if (all.Count > 1)
        {
            var nested = EnsembleSelection.CrossValidate(all.Select(i => oof[i]).ToList(), truth, task,
                new EnsembleSelectionOptions { Metric = metric, Iterations = 24, InitialBestN = 1, TieBreakMetric = tie }, Math.Min(5, truth.Length / 5), seed);
            results["nested_divlib"] = nested.Score;
            nestedOof = nested.OutOfFold;
        }
        AddStack("stack5", top20.Take(5).ToList());
        AddStack("stack5_cap2", FinalModelCrossValidation.BestCapped(all, i => trainer[i], 5)); // the product's first stack
        AddStack("stack_trainers", perTrainer);
        foreach (var l2 in new[] { 10f, 100f })
        {
            AddStackL2(FormattableString.Invariant($"stack5_cap2_l2_{l2:0}"), FinalModelCrossValidation.BestCapped(all, i => trainer[i], 5), l2);
            AddStackL2(FormattableString.Invariant($"stack_trainers_l2_{l2:0}"), perTrainer, l2);
        }
        // The product's whole final-model decision (AutoMLExperiment: Caruana selection over the library against the two
        // stacks, ranked on the nested cross-validation, then the per-trainer average unless its rival wins on 84 % of
        // the bootstrap resamples), with the meta-learner given, so a meta-learner change is scored on what it does to
        // the returned model (members' fold models; the product may refit them on all rows).
        void AddProduct(string key, EnsembleMember? meta, double? tiedShare = null, Func<AutoMLTrainer, int>? family = null)
        {
            if (oof.Count < 2 || truth.Length < 10) return;
            var selectionOptions = new EnsembleSelectionOptions { Metric = metric, Iterations = 24, InitialBestN = 1, TieBreakMetric = tie };
            var inTop = top20.Select(i => trainer[i]).ToHashSet();
            var library = top20.Concat(all.Skip(top).Where(i => inTop.Add(trainer[i]))).ToList();
            var counts = EnsembleSelection.Select(library.Select(i => oof[i]).ToList(), truth, task, selectionOptions).Counts;
            var (selOof, selTest) = Weighted(library, counts.Select(c => (double)c).ToList());
            var kinds = new List<FinalModelCrossValidation.StackMembers> { FinalModelCrossValidation.StackMembers.BestN };
            var stackMembers = new List<List<int>> { FinalModelCrossValidation.BestCapped(all, i => trainer[i], 5) };
            if (perTrainer.Count > 1 && !perTrainer.ToHashSet().SetEquals(stackMembers[0]))
            { kinds.Add(FinalModelCrossValidation.StackMembers.BestOfEachTrainer); stackMembers.Add(perTrainer); }
            var pool = all.Select(i => new FinalModelCrossValidation.Candidate(lib.Members[i].Number, trainer[i], oof[i])).ToList();
            var averaged = tiedShare is { } share ? FinalModelCrossValidation.TiedWithBest(perTrainer, i => oof[i], truth, task, metric, share, seed) : perTrainer;
            var nested = FinalModelCrossValidation.Run(pool, truth, task, metric, selectionOptions, 20, 5, kinds, Math.Min(5, truth.Length / 5), seed, CancellationToken.None, meta,
                averaged.Select(i => trainer[i]).ToHashSet(), family is null ? null : ts => FamilyWeights(ts, family));
            var averageW = family is null ? averaged.Select(_ => 1.0).ToList() : FamilyWeights(averaged.Select(i => trainer[i]).ToList(), family);
            var (averageOof, _) = Weighted(averaged, averageW);
            var stacks = stackMembers.Select(idx => MetaStack.Fit(ml, idx.Select(i => oof[i]).ToList(), truth, task, width, metric, seed, CancellationToken.None, meta)).ToList();
            var decision = FinalDecision.Decide(metric, truth, task, seed, selOof,
                stacks.Select((st, k) => new FinalDecision.FittedStack(k, st.OutOfFold, st.Score)).ToList(), nested, averaged.Count > 1 ? averageOof : null);
            string method;
            if (decision.Choice == FinalDecision.Choice.Average)
            { AddW(key, averaged, averageW); method = $"TrainerAverage{averaged.Count}"; }
            else if (decision.Choice == FinalDecision.Choice.Stack)
            {
                int best = decision.Stack!.Value;
                var st = stacks[best];
                results[key] = new[] { st.Score, Metric.Compute(metric, lib.TestTruth, MetaStack.Predict(ml, st.Model, stackMembers[best].Select(i => test[i]).ToList(), task, width), task) };
                method = kinds[best] == FinalModelCrossValidation.StackMembers.BestN ? "StackBest5" : "StackTrainers";
            }
            else { Add(key, selOof, selTest); method = "Selection"; }
            results[key + "_method"] = method;
        }
        // The product's decision, its per-trainer average over the trainers tied with the best (AverageTiedShare).
        AddProduct("product", null, AutoMLExperiment.AverageTiedShare);
        // The same with the average over every trainer's best (the product before 2026-11-30) or a looser tie.
        AddProduct("product_all_trainers", null, null);
        AddProduct("product_tied84", null, 0.84);
        AddProduct("product_fam3", null, AutoMLExperiment.AverageTiedShare, Family3);
        AddProduct("product_fam5", null, AutoMLExperiment.AverageTiedShare, Family5);
        if (task != MLTask.Regression)
            foreach (var l2 in new[] { 3.0, 10.0, 30.0, 100.0 })
                AddProduct(FormattableString.Invariant($"product_l2_{l2:0}"), MetaLearners.Linear(task, l2), AutoMLExperiment.AverageTiedShare);
        results["library"] = oof.Count;
        results["trainers"] = string.Join(",", perTrainer.Select(i => $"{trainer[i]}#{i}"));
        return results;
    }
}
