using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Evaluation;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.AutoML;

/// <summary>What an AutoML run returns: the leaderboard, the final (ensemble) model, the best single model.</summary>
public sealed class AutoMLResult
{
    /// <summary>Every trial with pipeline, trainer, parameters, CV metric, fit time and state.</summary>
    public required Leaderboard Leaderboard { get; init; }

    /// <summary>The final model: the Caruana blend of the best trials (or the best trial alone).</summary>
    public required AutoMLModel Model { get; init; }

    /// <summary>The best single trial as a model.</summary>
    public required AutoMLModel BestSingleModel { get; init; }

    /// <summary>Out-of-fold metric of the final model (the blend, the stack's cross-validated meta-learner, or the single trial).</summary>
    public required double EnsembleScore { get; init; }

    /// <summary>How the final model combines its members (selection or stacking, whichever scored better out of fold).</summary>
    public FinalMethod FinalMethod => Model.Method;

    /// <summary>Out-of-fold metric of the Caruana selection, on the rows it chose its weights on (null when it was not built).</summary>
    public double? SelectionScore { get; init; }

    /// <summary>
    /// The Caruana selection's nested cross-validated metric: the whole procedure (the library of the best trials picked,
    /// then the weights chosen) run on four fifths of the out-of-fold rows and scored on the fifth. This is the figure
    /// compared with the stack's and the per-trainer average's; null when the budget ended first or no stack was built.
    /// </summary>
    public double? SelectionCrossValidatedScore { get; init; }

    /// <summary>Cross-validated out-of-fold metric of the better stack's meta-learner (best five trials with at most two of a trainer, or best trial of each trainer; null when none was built).</summary>
    public double? StackingScore { get; init; }

    /// <summary>
    /// The better stack's nested cross-validated metric: its members picked and its meta-learner fitted on four fifths
    /// of the out-of-fold rows, scored on the fifth (null when not computed, as <see cref="SelectionCrossValidatedScore"/>).
    /// </summary>
    public double? StackingCrossValidatedScore { get; init; }

    /// <summary>
    /// Out-of-fold metric of the plain average of each trainer's best trial (null with one trainer or ensembling off). It
    /// is the final model unless the better of the selection and the stack beats it on at least 84 % of paired bootstrap
    /// resamples of the out-of-fold rows (<see cref="TrainerAverageRivalWinRate"/>; the one-standard-error rule).
    /// </summary>
    public double? TrainerAverageScore { get; init; }

    /// <summary>The per-trainer average's nested cross-validated metric: each trainer's best trial picked on four fifths of the out-of-fold rows, scored on the fifth.</summary>
    public double? TrainerAverageCrossValidatedScore { get; init; }

    /// <summary>Share of bootstrap resamples of the out-of-fold rows on which the better of the selection and the stack beats the per-trainer average (null when it was not compared).</summary>
    public double? TrainerAverageRivalWinRate { get; init; }

    /// <summary>Whether the final model is that plain per-trainer average (its <see cref="FinalMethod"/> is then <see cref="AutoML.FinalMethod.Selection"/> with equal weights).</summary>
    public bool UsedTrainerAverage { get; init; }

    /// <summary>
    /// The decision threshold tuned on the final model's out-of-fold predictions (binary classification with
    /// <see cref="AutoMLOptions.CalibrateDecisionThreshold"/> on or automatic for the metric), with the out-of-fold metric
    /// there and at 0.5; null when none was tuned. The model applies it: <see cref="AutoMLModel.DecisionThreshold"/>.
    /// The metric at the tuned threshold is measured on the rows the threshold was chosen on, so it flatters it a little.
    /// </summary>
    public ThresholdChoice? Threshold { get; init; }

    /// <summary>Why the final model is what it is, in words (for the leaderboard and the report).</summary>
    public string FinalModelReason { get; init; } = "";

    /// <summary>Schema inferred by DeepRoad.Pipelines (columns, roles, label, task, classes).</summary>
    public required InferredSchema Schema { get; init; }

    /// <summary>Wall-clock time of the run.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The options used.</summary>
    public required AutoMLOptions Options { get; init; }

    /// <summary>The members of the final model and their weights.</summary>
    public IReadOnlyList<ModelMember> Ensemble => Model.Members;

    internal ValidationData Validation { get; init; } = null!;
    internal TrainingSet Train { get; init; } = null!;

    /// <summary>Complete trials that still hold out-of-fold predictions and fold models, best first (for the final-model experiment).</summary>
    internal IReadOnlyList<Search.TrialOutcome> Library { get; init; } = [];

    /// <summary>Trials whose finished fold models the search still held as a deadline fallback when it ended (for tests).</summary>
    internal IReadOnlyList<int> HeldPartialTrials { get; init; } = [];

    /// <summary>Predicts one row given as column name to value.</summary>
    public ModelPrediction Predict(IReadOnlyDictionary<string, object?> row) => Model.Predict(row);

    /// <summary>Predicts a batch of rows given as column name to value.</summary>
    public IReadOnlyList<ModelPrediction> PredictBatch(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => Model.PredictBatch(rows);

    /// <summary>Saves the final model (one zip, with leaderboard.csv inside).</summary>
    public void Save(string path) => Model.Save(path, new Dictionary<string, string> { ["leaderboard.csv"] = Leaderboard.ToCsv(), ["final_model.txt"] = FinalModelReason });

    /// <summary>Loads a model saved by <see cref="Save"/>.</summary>
    public static AutoMLModel Load(string path) => AutoMLModel.Load(path);

    /// <summary>
    /// Permutation feature importance of the final model on a labelled file (the training data when null, at most
    /// <paramref name="maxRows"/> rows): the metric drop when each input column is shuffled, averaged over repeats.
    /// </summary>
    public IReadOnlyList<FeatureImportance> PermutationFeatureImportance(string? labelledPath = null, int repeats = 2, int maxRows = 1000, int seed = 0) =>
        PermutationFeatureImportance(labelledPath, repeats, maxRows, seed, null).Columns!;

    /// <summary>The report's permutation importance: as the public one, its rows cut to fit <paramref name="budget"/> (null columns below 100 rows).</summary>
    internal Importance.Outcome PermutationFeatureImportance(string? labelledPath, int repeats, int maxRows, int seed, TimeSpan? budget)
    {
        float[] truth;
        IDataView view;
        if (labelledPath is null) (view, truth) = (Train.Data, Train.Truth);
        else view = AutoMLData.FromFile(Model.Context, Schema, labelledPath, requireLabel: true, out truth!);
        return Importance.Compute(Model, AutoMLData.ReadColumns(view, Schema), truth, repeats, maxRows, seed, budget);
    }
}
