using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Evaluation;

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

    /// <summary>Out-of-fold metric of the final blend.</summary>
    public required double EnsembleScore { get; init; }

    /// <summary>Inferred schema (columns, roles, task, classes).</summary>
    public required DatasetSchema Schema { get; init; }

    /// <summary>Wall-clock time of the run.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The options used.</summary>
    public required AutoMLOptions Options { get; init; }

    /// <summary>The members of the final model and their weights.</summary>
    public IReadOnlyList<ModelMember> Ensemble => Model.Members;

    internal ValidationData Validation { get; init; } = null!;
    internal RawTable TrainTable { get; init; } = null!;

    /// <summary>Predicts one row given as column name to value.</summary>
    public ModelPrediction Predict(IReadOnlyDictionary<string, object?> row) => Model.Predict(row);

    /// <summary>Predicts a batch of rows given as column name to value.</summary>
    public IReadOnlyList<ModelPrediction> PredictBatch(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => Model.PredictBatch(rows);

    /// <summary>Saves the final model (one zip, with leaderboard.csv inside).</summary>
    public void Save(string path) => Model.Save(path, new Dictionary<string, string> { ["leaderboard.csv"] = Leaderboard.ToCsv() });

    /// <summary>Loads a model saved by <see cref="Save"/>.</summary>
    public static AutoMLModel Load(string path) => AutoMLModel.Load(path);

    /// <summary>
    /// Permutation feature importance of the final model on a labelled file (the training data when null, at most
    /// <paramref name="maxRows"/> rows): the metric drop when each input column is shuffled, averaged over repeats.
    /// </summary>
    public IReadOnlyList<FeatureImportance> PermutationFeatureImportance(string? labelledPath = null, int repeats = 2, int maxRows = 1000, int seed = 0)
    {
        var table = labelledPath is null ? TrainTable : RawTable.FromCsv(TableLoading.LoadCells(labelledPath), Schema, requireLabel: true);
        return Importance.Compute(Model, table, repeats, maxRows, seed);
    }
}
