from nb import write, refs
write("02-tuning", [
("md", """# Tuning: grid vs random vs Gaussian-process search

Three samplers search the same LightGbm space on `breast_cancer` with the same budget of trials; each trial's
value is the 3-fold cross-validated ROC-AUC on the training set (higher is better). Grid search walks a fixed
lattice (shuffled, so a small budget still spreads out), random search draws independent points, and the
Gaussian-process sampler fits a GP to the trials so far and proposes the point with the highest (log) expected
improvement."""),
("cs", refs("Pipelines", "Tuning") + """

using DeepRoad.Interactive;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

DeepRoadFormatters.Register();
var ml = new MLContext(seed: 0);
var options = new DataLoadOptions { Label = "diagnosis" };
var loaded = DataLoader.LoadFile(ml, "../data/breast_cancer/train.csv", options);
var prepared = loaded.WithPreparedLabel(ml);
var train = ml.Data.Cache(DefaultFeaturizer.Build(ml, loaded.Schema).Fit(prepared).Transform(prepared));
var task = MLTask.BinaryClassification;"""),
("md", """## The search space and the objective

Four LightGbm hyperparameters; the learning rate on a log scale. Each trial runs a seeded 3-fold CV."""),
("cs", """var space = new SearchSpace(
    new IntParameter { Name = "Iterations", Low = 10, High = 150 },
    new FloatParameter { Name = "LearningRate", Low = 0.01, High = 0.5, Log = true },
    new IntParameter { Name = "Leaves", Low = 2, High = 48 },
    new IntParameter { Name = "MinLeafRows", Low = 2, High = 60 });

double CrossValidatedAuc(ParameterSet p)
{
    var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
    {
        NumberOfIterations = p.GetInt("Iterations"), LearningRate = p.GetDouble("LearningRate"),
        NumberOfLeaves = p.GetInt("Leaves"), MinimumExampleCountPerLeaf = p.GetInt("MinLeafRows"),
        NumberOfThreads = 1, Seed = 0,
    });
    return CrossValidator.Run(ml, train, trainer, task,
        new CrossValidationOptions { Folds = 3, Seed = 0, Metrics = [MetricKind.RocAuc] }).PrimaryMean;
}
space"""),
("md", """## Run the three studies

Same objective, same budget (15 trials), each sampler seeded."""),
("cs", """const int budget = 15;
var samplers = new (string Name, ISampler Sampler)[]
{
    ("grid", new GridSampler(seed: 0, resolution: 4)),
    ("random", new RandomSampler(seed: 0)),
    ("gaussian process", new GaussianProcessSampler(seed: 0, new GaussianProcessSamplerOptions { InitialTrials = 5 })),
};
var results = new Dictionary<string, StudyResult>();
foreach (var (name, sampler) in samplers)
{
    var study = new Study(name, space, sampler, options: new StudyOptions { Direction = StudyDirection.Maximize });
    var watch = System.Diagnostics.Stopwatch.StartNew();
    results[name] = await study.OptimizeAsync(Objective.Create(CrossValidatedAuc), StudyBudget.OfTrials(budget));
    display($"{name,-17} best ROC-AUC {results[name].BestValue:F4} after {watch.Elapsed.TotalSeconds:F1} s");
}"""),
("md", """## Best-so-far curves

The best value found after each trial (the optimisation history)."""),
("cs", """Charts.BestSoFar("Best 3-fold ROC-AUC so far", StudyDirection.Maximize,
    results.Select(r => (r.Key, r.Value.Trials)).ToArray())"""),
("md", """## Results table

The best trial of each sampler, then all trials of the Gaussian-process study (best in bold)."""),
("cs", """display(HTML(HtmlTable.Build(["sampler", "best ROC-AUC", "found at trial", "parameters"],
    results.Select(r => (IReadOnlyList<object?>)[r.Key, r.Value.BestValue, r.Value.BestTrial!.Number, r.Value.BestTrial.Parameters.ToString()]))));
results["gaussian process"]"""),
("md", """## Parameter importance

DeepRoad.Tuning does not expose the GP's fitted ARD length scales, so this shows a model-free estimate instead:
for each parameter, the share of the variance of the objective over all 45 trials (three samplers pooled)
explained by that parameter alone, with the parameter's unit-cube value cut into 4 bins (a one-way ANOVA
main effect, the first-order term of fANOVA). Larger means the parameter matters more on this data."""),
("cs", """var allTrials = results.Values.SelectMany(r => r.Trials).Where(t => t.State == TrialState.Complete && t.Value is not null).ToArray();
double mean = allTrials.Average(t => t.Value!.Value);
double total = allTrials.Sum(t => Math.Pow(t.Value!.Value - mean, 2));
var importance = space.Parameters.Select((p, d) =>
{
    var groups = allTrials.GroupBy(t => Math.Min(3, (int)(space.ToUnit(t.Parameters)[d] * 4)));
    double between = groups.Sum(g => g.Count() * Math.Pow(g.Average(t => t.Value!.Value) - mean, 2));
    return (p.Name, total > 0 ? between / total : 0.0);
}).ToArray();
Charts.Bars("Main-effect share of the ROC-AUC variance", "share of variance", importance)"""),
])
