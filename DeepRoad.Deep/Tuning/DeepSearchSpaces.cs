using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Training;
using DeepRoad.Tuning.Spaces;
using Trial = DeepRoad.Tuning.Trial;

namespace DeepRoad.Deep.Tuning;

/// <summary>
/// Search spaces (DeepRoad.Tuning format) for the deep estimators, and the glue that turns a sampled
/// <see cref="ParameterSet"/> into options and a trial into a pruning hook. Parameter names are the option property
/// names, so <see cref="ParameterSet.Bind{T}"/> fills the records; architecture parameters carry a prefix
/// (<c>mlp.</c>, <c>cnn.</c>, <c>rnn.</c>) and are applied by the <c>Apply*</c> methods.
/// </summary>
public static class DeepSearchSpaces
{
    /// <summary>Training options shared by every estimator: optimizer, learning rate, schedule, regularisation, batch size.</summary>
    public static IReadOnlyList<Parameter> Training() =>
    [
        Parameter.Categorical(nameof(DeepTrainingOptions.Optimizer), OptimizerKind.Adam, OptimizerKind.AdamW, OptimizerKind.Sgd, OptimizerKind.RmsProp, OptimizerKind.Adagrad, OptimizerKind.Adadelta),
        Parameter.Float(nameof(DeepTrainingOptions.LearningRate), 1e-4, 3e-2, log: true),
        Parameter.Categorical(nameof(DeepTrainingOptions.Nesterov), false, true).When(nameof(DeepTrainingOptions.Optimizer), OptimizerKind.Sgd),
        Parameter.Categorical(nameof(DeepTrainingOptions.Schedule), LearningRateScheduleKind.Constant, LearningRateScheduleKind.Cosine, LearningRateScheduleKind.Step,
            LearningRateScheduleKind.Exponential, LearningRateScheduleKind.Polynomial, LearningRateScheduleKind.ReduceOnPlateau),
        Parameter.Float(nameof(DeepTrainingOptions.WarmupEpochs), 0, 3),
        Parameter.Float(nameof(DeepTrainingOptions.L2), 1e-6, 1e-2, log: true),
        Parameter.Float(nameof(DeepTrainingOptions.L1), 1e-7, 1e-3, log: true),
        Parameter.Float(nameof(DeepTrainingOptions.GradientClipNorm), 0.5, 5),
        Parameter.Categorical(nameof(DeepTrainingOptions.BatchSize), 16, 32, 64, 128),
    ];

    /// <summary>MLP: training options plus depth, width, activation, batch norm and dropout.</summary>
    public static SearchSpace Mlp() => new([.. Training(),
        Parameter.Int("mlp.Layers", 1, 3),
        Parameter.Int("mlp.Width", 16, 512, log: true),
        Parameter.Categorical("mlp.Activation", Activation.ReLU, Activation.GELU, Activation.Tanh, Activation.Sigmoid),
        Parameter.Categorical("mlp.BatchNorm", false, true),
        Parameter.Float("mlp.Dropout", 0, 0.5)]);

    /// <summary>CNN: training options plus blocks, base channels, kernel size and dropout.</summary>
    public static SearchSpace Cnn() => new([.. Training(),
        Parameter.Int("cnn.Blocks", 1, 4),
        Parameter.Categorical("cnn.BaseChannels", 8, 16, 32),
        Parameter.Categorical("cnn.KernelSize", 3, 5),
        Parameter.Float("cnn.Dropout", 0, 0.5)]);

    /// <summary>LSTM/GRU: training options plus cell, sizes, layers, direction, pooling and dropout.</summary>
    public static SearchSpace Recurrent() => new([.. Training(),
        Parameter.Categorical("rnn.Cell", RecurrentCell.Lstm, RecurrentCell.Gru),
        Parameter.Categorical("rnn.EmbeddingSize", 32, 64, 128),
        Parameter.Categorical("rnn.HiddenSize", 32, 64, 128),
        Parameter.Int("rnn.Layers", 1, 2),
        Parameter.Categorical("rnn.Bidirectional", false, true),
        Parameter.Categorical("rnn.Pooling", SequencePooling.Mean, SequencePooling.Max, SequencePooling.Last),
        Parameter.Float("rnn.Dropout", 0, 0.5)]);

    /// <summary>The training options of <paramref name="p"/> applied over <paramref name="template"/>.</summary>
    public static DeepTrainingOptions ApplyTraining(ParameterSet p, DeepTrainingOptions? template = null)
    {
        ArgumentNullException.ThrowIfNull(p);
        var trainingOnly = new ParameterSet(p.Where(kv => !kv.Key.Contains('.', StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value));
        return trainingOnly.Bind(template ?? new DeepTrainingOptions());
    }

    /// <summary>The MLP architecture of <paramref name="p"/> over <paramref name="template"/>.</summary>
    public static MlpSpec ApplyMlp(ParameterSet p, MlpSpec? template = null)
    {
        var t = template ?? new MlpSpec();
        int layers = Get(p, "mlp.Layers", t.HiddenLayers.Count);
        int width = Get(p, "mlp.Width", t.HiddenLayers.Count > 0 ? t.HiddenLayers[0] : 64);
        return t with
        {
            HiddenLayers = Enumerable.Range(0, layers).Select(i => Math.Max(8, width >> i)).ToArray(),
            Activation = Get(p, "mlp.Activation", t.Activation),
            BatchNorm = Get(p, "mlp.BatchNorm", t.BatchNorm),
            Dropout = Get(p, "mlp.Dropout", t.Dropout),
        };
    }

    /// <summary>The CNN architecture of <paramref name="p"/> over <paramref name="template"/> (image shape kept).</summary>
    public static CnnSpec ApplyCnn(ParameterSet p, CnnSpec template)
    {
        ArgumentNullException.ThrowIfNull(template);
        int blocks = Get(p, "cnn.Blocks", template.Channels.Count);
        int baseChannels = Get(p, "cnn.BaseChannels", template.Channels[0]);
        return template with
        {
            Channels = Enumerable.Range(0, blocks).Select(i => baseChannels << i).ToArray(),
            KernelSize = Get(p, "cnn.KernelSize", template.KernelSize),
            Dropout = Get(p, "cnn.Dropout", template.Dropout),
        };
    }

    /// <summary>The LSTM/GRU architecture of <paramref name="p"/> over <paramref name="template"/>.</summary>
    public static RecurrentSpec ApplyRecurrent(ParameterSet p, RecurrentSpec? template = null)
    {
        var t = template ?? new RecurrentSpec();
        return t with
        {
            Cell = Get(p, "rnn.Cell", t.Cell),
            EmbeddingSize = Get(p, "rnn.EmbeddingSize", t.EmbeddingSize),
            HiddenSize = Get(p, "rnn.HiddenSize", t.HiddenSize),
            Layers = Get(p, "rnn.Layers", t.Layers),
            Bidirectional = Get(p, "rnn.Bidirectional", t.Bidirectional),
            Pooling = Get(p, "rnn.Pooling", t.Pooling),
            Dropout = Get(p, "rnn.Dropout", t.Dropout),
        };
    }

    /// <summary>
    /// Hooks that report every epoch's monitored loss to <paramref name="trial"/> (step = epoch) and stop training when
    /// the study's pruner (median, Hyperband...) says so.
    /// </summary>
    public static DeepTrainingHooks PruningHooks(Trial trial, CancellationToken cancellationToken = default, IProgress<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return new DeepTrainingHooks
        {
            CancellationToken = cancellationToken,
            Progress = progress,
            ShouldStop = (epoch, value) =>
            {
                trial.Report(epoch, value);
                return trial.ShouldPrune();
            },
        };
    }

    private static T Get<T>(ParameterSet p, string name, T fallback)
    {
        if (!p.TryGetValue(name, out var v)) return fallback;
        if (typeof(T).IsEnum) return v is T e ? e : (T)Enum.Parse(typeof(T), v.ToString()!, ignoreCase: true);
        return (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
