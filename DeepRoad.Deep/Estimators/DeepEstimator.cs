using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Training;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Images;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Deep.Estimators;

/// <summary>
/// A TorchSharp network (MLP, CNN, LSTM/GRU, or any <see cref="NetworkSpec"/>) trained as an ML.NET estimator.
/// <see cref="Fit"/> reads the feature and label columns, trains with <see cref="DeepTrainingOptions"/> and returns a
/// <see cref="DeepModelTransformer"/> emitting ML.NET's scored columns, so it works in pipelines, cross-validation
/// and DeepRoad ensembles. The estimator is never mutated by <see cref="Fit"/>.
/// </summary>
public sealed class DeepEstimator : IEstimator<DeepModelTransformer>
{
    private readonly MLContext _context;

    /// <summary>Creates the estimator.</summary>
    /// <param name="context">ML.NET context.</param>
    /// <param name="settings">Task, columns, architecture and training options.</param>
    /// <param name="hooks">Progress, cancellation and pruning hooks (optional).</param>
    /// <param name="validationData">An explicit validation set (same columns); otherwise <see cref="DeepTrainingOptions.ValidationFraction"/> of the training rows.</param>
    public DeepEstimator(MLContext context, DeepEstimatorSettings settings, DeepTrainingHooks? hooks = null, IDataView? validationData = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Network.Validate();
        settings.Training.Validate();
        _context = context;
        Settings = settings;
        Hooks = hooks ?? DeepTrainingHooks.None;
        ValidationData = validationData;
    }

    /// <summary>The settings.</summary>
    public DeepEstimatorSettings Settings { get; }

    /// <summary>The run-time hooks.</summary>
    public DeepTrainingHooks Hooks { get; }

    /// <summary>The explicit validation set, if any.</summary>
    public IDataView? ValidationData { get; }

    /// <summary>A copy with other hooks (for example a tuning trial's pruning callback).</summary>
    public DeepEstimator WithHooks(DeepTrainingHooks hooks) => new(_context, Settings, hooks, ValidationData);

    /// <inheritdoc />
    public DeepModelTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var s = Settings;
        LabelInfo.CheckType(input.Schema, s.LabelColumn, s.Task);
        var layout = InputLayout.FromSchema(input.Schema, s);
        int classes = LabelInfo.ClassCount(input.Schema, s.LabelColumn, s.Task);
        var classNames = LabelInfo.ClassNames(input.Schema, s.LabelColumn, s.Task);

        float[] x = layout.ReadAll(input, out int rows);
        float[] y = LabelInfo.Read(input, s.LabelColumn, s.Task);
        if (rows == 0) throw new ArgumentException("The training data has no rows.");
        var train = new TrainingMatrix(x, y, rows, layout.Width);
        TrainingMatrix? valid = null;
        if (ValidationData is not null)
        {
            LabelInfo.CheckType(ValidationData.Schema, s.LabelColumn, s.Task);
            layout.CheckMatches(ValidationData.Schema);
            float[] vx = layout.ReadAll(ValidationData, out int vrows);
            valid = new TrainingMatrix(vx, LabelInfo.Read(ValidationData, s.LabelColumn, s.Task), vrows, layout.Width);
        }
        else if (s.Training.ValidationFraction > 0 && rows >= 10)
        {
            (train, valid) = Split(train, s.Training.ValidationFraction, s.Training.Seed);
        }

        float[]? mean = null, std = null;
        if (s.Network.StandardizesInputs && !layout.FeatureIsInt32)
        {
            (mean, std) = Moments(train, layout.FeatureSize);
            Standardize(train, mean, std);
            if (valid is not null) Standardize(valid, mean, std);
        }
        float targetMean = 0, targetStd = 1;
        if (s.Task == MLTask.Regression)
        {
            targetMean = (float)train.Y.Average();
            targetStd = (float)Math.Sqrt(train.Y.Select(v => (v - (double)targetMean) * (v - targetMean)).Average());
            if (!(targetStd > 1e-12f)) targetStd = 1;
            Normalize(train.Y, targetMean, targetStd);
            if (valid is not null) Normalize(valid.Y, targetMean, targetStd);
        }
        if (s.Network is RecurrentSpec { VocabularySize: 0 } rnn)
        {
            int maxId = (int)Math.Max(1, x.Max());
            s = s with { Network = rnn with { VocabularySize = maxId + 1 } };
        }

        DeepTrainer.Augmenter? augment = null;
        if (s.Augmentation is { } aug && s.Network is CnnSpec cnn)
        {
            var augmenter = new ImageAugmenter(aug, cnn.ImageChannels, cnn.ImageHeight, cnn.ImageWidth);
            int width = layout.Width;
            augment = (batch, n, rng) =>
            {
                for (int i = 0; i < n; i++) augmenter.AugmentInPlace(batch.AsSpan(i * width, width), rng);
            };
        }

        var result = DeepTrainer.Train(train, valid, s.Task, classes, s.Network, layout.Cardinalities, s.Training, Hooks, augment, targetStd);
        var header = new ModelHeader(s, layout, classes, classNames, mean, std, targetMean, targetStd);
        return new DeepModelTransformer(_context, header, result.Model, result.History);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var s = Settings;
        var feature = inputSchema.FirstOrDefault(c => c.Name == s.FeatureColumn);
        if (feature.Name is null)
            throw new ArgumentException($"Input column '{s.FeatureColumn}' not found. Available: {string.Join(", ", inputSchema.Select(c => c.Name))}.");
        if (feature.ItemType is TextDataViewType)
            throw new ArgumentException($"Column '{s.FeatureColumn}' holds text. Deep models need numbers: tokenize it to token ids with a vocabulary first (mlContext.DeepRoad().TokenizeText(...)).");
        if (feature.Kind == SchemaShape.Column.VectorKind.VariableVector)
            throw new ArgumentException($"Column '{s.FeatureColumn}' is a vector of variable size; deep models need a fixed width (resize images to one size, or set the tokenizer's MaxLength).");
        var label = inputSchema.FirstOrDefault(c => c.Name == s.LabelColumn);
        if (label.Name is null) throw new ArgumentException($"Label column '{s.LabelColumn}' not found.");

        var b = SchemaShapes.ToBuilder(inputSchema);
        switch (s.Task)
        {
            case MLTask.BinaryClassification:
                b.AddColumn("Score", NumberDataViewType.Single);
                b.AddColumn("Probability", NumberDataViewType.Single);
                b.AddColumn("PredictedLabel", BooleanDataViewType.Instance);
                break;
            case MLTask.MulticlassClassification:
                b.AddColumn("Score", new VectorDataViewType(NumberDataViewType.Single, 2));
                b.AddColumn("PredictedLabel", label.ItemType is KeyDataViewType k ? k : new KeyDataViewType(typeof(uint), 2));
                break;
            default:
                b.AddColumn("Score", NumberDataViewType.Single);
                break;
        }
        return SchemaShapes.Create(b.ToSchema());
    }

    private static (TrainingMatrix Train, TrainingMatrix Valid) Split(TrainingMatrix m, double fraction, int seed)
    {
        var order = Enumerable.Range(0, m.Rows).ToArray();
        new Random(unchecked(seed * 17 + 3)).Shuffle(order);
        int nValid = Math.Clamp((int)Math.Round(m.Rows * fraction), 1, m.Rows - 1);
        return (Take(m, order.AsSpan(nValid)), Take(m, order.AsSpan(0, nValid)));
    }

    private static TrainingMatrix Take(TrainingMatrix m, ReadOnlySpan<int> rows)
    {
        var x = new float[rows.Length * m.Width];
        var y = new float[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Array.Copy(m.X, (long)rows[i] * m.Width, x, (long)i * m.Width, m.Width);
            y[i] = m.Y[rows[i]];
        }
        return new TrainingMatrix(x, y, rows.Length, m.Width);
    }

    private static (float[] Mean, float[] Std) Moments(TrainingMatrix m, int columns)
    {
        var mean = new double[columns];
        var sq = new double[columns];
        for (int r = 0; r < m.Rows; r++)
            for (int j = 0; j < columns; j++)
            {
                double v = m.X[r * m.Width + j];
                mean[j] += v;
                sq[j] += v * v;
            }
        var mu = new float[columns];
        var sd = new float[columns];
        for (int j = 0; j < columns; j++)
        {
            double mj = mean[j] / m.Rows;
            double var = Math.Max(0, sq[j] / m.Rows - mj * mj);
            mu[j] = (float)mj;
            sd[j] = var > 1e-12 ? (float)Math.Sqrt(var) : 1f;
        }
        return (mu, sd);
    }

    private static void Standardize(TrainingMatrix m, float[] mean, float[] std)
    {
        for (int r = 0; r < m.Rows; r++)
            for (int j = 0; j < mean.Length; j++)
                m.X[r * m.Width + j] = (m.X[r * m.Width + j] - mean[j]) / std[j];
    }

    private static void Normalize(float[] y, float mean, float std)
    {
        for (int i = 0; i < y.Length; i++) y[i] = (y[i] - mean) / std;
    }
}
