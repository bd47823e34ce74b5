using System.Globalization;
using DeepRoad.AutoML.Data;
using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Training;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Images;
using DeepRoad.Pipelines.Cleaning;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Pipelines.Text;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;
using PipelineSpaces = DeepRoad.Pipelines.Tuning.TrainerSpaces;
using TrainerKind = DeepRoad.Pipelines.Tuning.TrainerKind;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// AutoML's one conditional DeepRoad.Tuning <see cref="SearchSpace"/>: a categorical <c>trainer</c>, each trainer's
/// parameters (DeepRoad.Pipelines.Tuning's <see cref="PipelineSpaces"/>, prefixed <c>Trainer.</c> and active only for
/// that trainer; the MLP's own space, since Pipelines cannot see DeepRoad.Deep) and the featurizer's choices
/// (<see cref="FeaturizerOptions"/> of <see cref="DefaultFeaturizer"/>, only those the data has something to choose about).
/// Per-trainer subspaces (that trainer's parameters plus the featurizer's, unconditioned) are what the GP sees.
/// </summary>
internal sealed class AutoMLSpace
{
    /// <summary>Name of the trainer choice.</summary>
    public const string TrainerParameter = "trainer";

    /// <summary>Cap on boosting rounds / trees in the search.</summary>
    private const int MaxIterations = 500;

    /// <summary>Relative cost, cheapest first: the search starts with cheap trainers and small configurations.</summary>
    public static readonly AutoMLTrainer[] CostOrder =
        [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.LightGbm, AutoMLTrainer.SdcaLinear, AutoMLTrainer.ElasticNet, AutoMLTrainer.NaiveBayes, AutoMLTrainer.KNearestNeighbors,
         AutoMLTrainer.ExtraTrees, AutoMLTrainer.RandomForest, AutoMLTrainer.FastTree, AutoMLTrainer.FastForest, AutoMLTrainer.Mlp, AutoMLTrainer.Cnn, AutoMLTrainer.Recurrent];

    /// <summary>
    /// <see cref="CostOrder"/> for a data set: with text columns the features are tens of thousands of sparse n-gram
    /// slots, where SDCA's passes are the cheapest fit and boosted trees (one tree per class and round) the dearest, so
    /// SDCA goes first. With an image column the CNN comes third, after the two cheapest baselines: it is the model
    /// made for pixels, and its default (a few seconds an epoch on small images) costs less than one forest's or
    /// FastTree's default over hundreds of pixel features with one tree per class and round.
    /// </summary>
    public static AutoMLTrainer[] CostOrderFor(InferredSchema schema)
    {
        // With text, naive Bayes (one pass of sums over the sparse rows) follows SDCA, and DeepRoad's forests and k
        // nearest neighbours (a dense copy of every n-gram slot) come last.
        var order = HasText(schema)
            ? [AutoMLTrainer.SdcaLinear, AutoMLTrainer.NaiveBayes,
               .. CostOrder.Where(t => t is not (AutoMLTrainer.SdcaLinear or AutoMLTrainer.NaiveBayes) && !ReadsDense(t)), .. CostOrder.Where(ReadsDense)]
            : CostOrder;
        if (!schema.Columns.Any(c => c.Role == ColumnRole.ImagePath && AutoMLData.IsInput(c))) return order;
        var rest = order.Where(t => t != AutoMLTrainer.Cnn).ToList();
        rest.Insert(2, AutoMLTrainer.Cnn);
        return [.. rest];
    }

    /// <summary>DeepRoad.Ensembles' forests, which read the featurized vector densely.</summary>
    private static bool IsDenseForest(AutoMLTrainer t) => t is AutoMLTrainer.ExtraTrees or AutoMLTrainer.RandomForest;

    /// <summary>The trainers that copy the featurized vector densely: DeepRoad's forests and k nearest neighbours.</summary>
    private static bool ReadsDense(AutoMLTrainer t) => IsDenseForest(t) || t == AutoMLTrainer.KNearestNeighbors;

    /// <summary>
    /// Training rows up to which k nearest neighbours are searched by default. Scoring compares every row with every
    /// training row: a five-fold trial on 20 000 rows of 100 features is about 3 * 10^10 multiply-adds, a few seconds a
    /// fold, and grows with the square of the rows.
    /// </summary>
    public const int NeighborsDefaultMaxRows = 20_000;

    private static bool HasCategorical(IEnumerable<ColumnInfo> inputs) => inputs.Any(c => c.Role == ColumnRole.Categorical);

    private static bool HasText(InferredSchema schema) => schema.Columns.Any(c => c.Role == ColumnRole.Text && AutoMLData.IsInput(c));

    /// <summary>
    /// Whether a classic trainer is searched when <see cref="AutoMLOptions.Trainers"/> names none. DeepRoad's forests
    /// (extra trees, the random forest) are not on data with a text column: the featurized vector holds thousands to
    /// tens of thousands of sparse n-gram slots that a forest would copy densely for every fold (LightGbm and the linear models read them sparse). Naive Bayes
    /// is, only on text whose other inputs are categorical or boolean: its features are counts (TF-IDF, one-hot), and a
    /// numeric column can hold negative values. k nearest neighbours are not on text either, nor above
    /// <see cref="NeighborsDefaultMaxRows"/> rows.
    /// </summary>
    public static bool SearchedByDefault(AutoMLTrainer t, InferredSchema schema) => t switch
    {
        AutoMLTrainer.ExtraTrees or AutoMLTrainer.RandomForest => !HasText(schema),
        AutoMLTrainer.KNearestNeighbors => !HasText(schema) && schema.RowCount <= NeighborsDefaultMaxRows,
        AutoMLTrainer.NaiveBayes => HasText(schema)
            && schema.Columns.Where(AutoMLData.IsInput).All(c => c.Role is ColumnRole.Text or ColumnRole.Categorical or ColumnRole.Boolean),
        _ => true,
    };

    /// <summary>Trainers from DeepRoad.Deep (epoch-based successive halving instead of the row subsample).</summary>
    public static bool IsDeep(AutoMLTrainer t) => t is AutoMLTrainer.Mlp or AutoMLTrainer.Cnn or AutoMLTrainer.Recurrent;

    /// <summary>Deep trainers that read one column of a kind (text or images) rather than the featurized vector.</summary>
    public static ColumnRole? ReadsColumn(AutoMLTrainer t) => t switch
    {
        AutoMLTrainer.Recurrent => ColumnRole.Text,
        AutoMLTrainer.Cnn => ColumnRole.ImagePath,
        _ => null,
    };

    // Library defaults (ML.NET's), the first configuration of each trainer.
    private static readonly Dictionary<AutoMLTrainer, Dictionary<string, double>> LibraryDefaults = new()
    {
        [AutoMLTrainer.LightGbm] = new() { ["NumberOfLeaves"] = 31, ["MinimumExampleCountPerLeaf"] = 20, ["LearningRate"] = 0.1, ["NumberOfIterations"] = 100, ["FeatureFraction"] = 1.0, ["L2Regularization"] = 0.01 },
        [AutoMLTrainer.FastTree] = new() { ["NumberOfLeaves"] = 20, ["MinimumExampleCountPerLeaf"] = 10, ["LearningRate"] = 0.2, ["NumberOfTrees"] = 100, ["FeatureFraction"] = 1.0 },
        [AutoMLTrainer.FastForest] = new() { ["NumberOfLeaves"] = 20, ["MinimumExampleCountPerLeaf"] = 10, ["NumberOfTrees"] = 100, ["FeatureFraction"] = 0.7 },
        [AutoMLTrainer.SdcaLinear] = new() { ["L2Regularization"] = 1e-3, ["L1Regularization"] = 1e-5 },
        [AutoMLTrainer.LbfgsLinear] = new() { ["L2Regularization"] = 1, ["L1Regularization"] = 1 },
        [AutoMLTrainer.Mlp] = new() { ["hidden"] = 64, ["layers"] = 2, ["learning_rate"] = 5e-3, ["dropout"] = 0.1, ["epochs"] = 30 },
        [AutoMLTrainer.Recurrent] = new() { ["cell"] = 0, ["hidden"] = 32, ["embedding"] = 32, ["learning_rate"] = 5e-3, ["epochs"] = 4, ["max_length"] = 48 },
        [AutoMLTrainer.Cnn] = new() { ["side"] = 16, ["channels"] = 16, ["learning_rate"] = 2e-3, ["dropout"] = 0.1, ["epochs"] = 15, ["augment"] = 1 },
        // scikit-learn's defaults: 100 fully grown trees (leaf size 1, raised to the search's floor on large data),
        // sqrt(features) per split for classes and all of them for values (FeatureFraction 0).
        [AutoMLTrainer.ExtraTrees] = new() { ["NumberOfTrees"] = 100, ["MinimumExampleCountPerLeaf"] = 1, ["FeatureFraction"] = 0 },
        // Likewise for the random forest (scikit-learn's RandomForest defaults, bootstrap samples).
        [AutoMLTrainer.RandomForest] = new() { ["NumberOfTrees"] = 100, ["MinimumExampleCountPerLeaf"] = 1, ["FeatureFraction"] = 0 },
        // scikit-learn's ComplementNB default.
        [AutoMLTrainer.NaiveBayes] = new() { ["complement"] = 1, ["Alpha"] = 1 },
        // scikit-learn's ElasticNetCV default (the penalty itself is chosen inside the fit).
        [AutoMLTrainer.ElasticNet] = new() { ["L1Ratio"] = 0.5 },
        // scikit-learn's KNeighbors default: 5 neighbours, uniform votes, Euclidean distance.
        [AutoMLTrainer.KNearestNeighbors] = new() { ["NumberOfNeighbors"] = 5, ["weighting"] = 0, ["distance"] = 0 },
    };

    private readonly Dictionary<AutoMLTrainer, Dictionary<string, double>> _featurizerDefaults = new();
    private readonly Dictionary<AutoMLTrainer, Dictionary<string, double>> _alternates = new();
    private readonly List<Parameter> _featurizer = [];

    private readonly int _rows;

    private readonly int _imageChannels = 1;

    public AutoMLSpace(IReadOnlyList<AutoMLTrainer> trainers, TrainingSet data)
    {
        _rows = data.Rows;
        Trainers = trainers;
        Task = data.Task;
        Schema = data.Schema;
        var inputs = data.Schema.Columns.Where(AutoMLData.IsInput).ToList();
        // The CNN reads the first image column's pixels: one plane for grayscale images, three for color ones.
        if (data.Schema.Columns.FirstOrDefault(c => c.Role == ColumnRole.ImagePath) is { } imageColumn)
            _imageChannels = ImageChannels.Of(data.Data, imageColumn.Name, data.Schema.BaseDirectory);
        // Featurizer choices, only where the data has something to choose about.
        var featDefaults = new Dictionary<string, double>(StringComparer.Ordinal);
        void F(string name, double def, params double[] choices)
        {
            _featurizer.Add(Parameter.Categorical(name, choices.Select(c => (object)c).ToArray()));
            featDefaults[name] = def;
        }
        if (inputs.Any(c => c.Role == ColumnRole.Categorical && c.DistinctCount > 16))
        {
            F("feat.OneHotMaxCardinality", 64, 16, 64, 1024);
            // Above the one-hot limit: hashed one-hot slots first (as before), or cross-fitted target encoding, which keeps
            // a thousand-value column apart as one number where hashing mixes its values into shared slots.
            F("feat.HighCardinalityEncoding", (double)CategoricalEncoding.Hashing, (double)CategoricalEncoding.Hashing, (double)CategoricalEncoding.Target);
        }
        if (inputs.Any(c => c.Role is ColumnRole.Numeric or ColumnRole.Categorical && c.MissingCount > 0)) F("feat.AddMissingIndicators", 1, 0, 1);
        if (inputs.Any(c => c.Role == ColumnRole.Text))
        {
            F("feat.TextWordNgramLength", 2, 1, 2);
            F("feat.TextCharNgramLength", 3, 0, 3, 4);
            // Punctuation in word tokens: removed first (prose); code-like text can do better with it kept.
            F("feat.TextWordPunctuation", 0, 0, 1);
            // Word weighting: TF-IDF first; binary IDF (a repeated word counts once) scored higher in ML.NET's own
            // cross-validation of a logistic regression on two of four text sets and tied on the other two.
            F("feat.TextWordWeighting", (double)TextWeighting.TfIdf, (double)TextWeighting.TfIdf, (double)TextWeighting.BinaryIdf);
            // Dictionary cap per n-gram length: the first trial takes the small one, so that linear fits on long texts
            // finish early; the search can widen it (0 = no cap).
            F("feat.TextMaxNgrams", 5000, 5000, 20000, 0);
        }
        if (inputs.Any(c => c.Role == ColumnRole.ImagePath)) F("feat.ImagePixelSide", 16, 8, 16, 32);

        var all = new List<Parameter> { Parameter.Categorical(TrainerParameter, trainers.Select(t => (object)t.ToString()).ToArray()) };
        foreach (var t in trainers)
        {
            var own = TrainerParameters(t).Select(p => p with { Name = t + "." + p.Name }).ToList();
            // LightGBM's own categorical splits, where one-hot or hashed slots exist (ML.NET's choice first: above 50 000 rows).
            if (t == AutoMLTrainer.LightGbm && HasCategorical(inputs))
                own.Add(Parameter.Categorical($"{t}.{PipelineSpaces.CategoricalSplitParameter}", 0.0, 1.0));
            // Linear models and the MLP care about scaling; trees do not (they get none).
            if (IsScaleSensitive(t)) own.Add(Parameter.Categorical($"{t}.feat.Normalizer", (double)NormalizerKind.MinMax, (double)NormalizerKind.MeanVariance));
            all.AddRange(own.Select(p => p.When(TrainerParameter, t.ToString())));
            // Text and image networks read their column directly: the featurizer's choices do not concern them.
            Subspaces[t] = new SearchSpace(ReadsColumn(t) is null ? own.Concat(_featurizer) : own);
            var d = ReadsColumn(t) is null ? new Dictionary<string, double>(featDefaults, StringComparer.Ordinal) : new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (k, v) in LibraryDefaults[t]) d[t + "." + k] = v;
            if (IsDenseForest(t)) d[t + ".MinimumExampleCountPerLeaf"] = ForestMinLeaf(data.Rows);
            if (IsScaleSensitive(t)) d[$"{t}.feat.Normalizer"] = (double)NormalizerKind.MinMax;
            if (t == AutoMLTrainer.LightGbm && HasCategorical(inputs)) d[$"{t}.{PipelineSpaces.CategoricalSplitParameter}"] = data.Rows > 50_000 ? 1 : 0;
            _featurizerDefaults[t] = d;
            if (SecondConfiguration(t, data.Rows) is { } second)
            {
                var a = new Dictionary<string, double>(d, StringComparer.Ordinal);
                foreach (var (k, v) in second) a[t + "." + k] = v;
                _alternates[t] = a;
            }
        }
        // The featurizer's choices exist only for trainers that read the featurized vector.
        var featurized = trainers.Where(t => ReadsColumn(t) is null).Select(t => (object)t.ToString()).ToArray();
        all.AddRange(featurized.Length == trainers.Count ? _featurizer : featurized.Length == 0 ? [] : _featurizer.Select(p => p.When(TrainerParameter, featurized)));
        Space = new SearchSpace(all);
    }

    public IReadOnlyList<AutoMLTrainer> Trainers { get; }
    public MLTask Task { get; }
    public InferredSchema Schema { get; }

    /// <summary>The joint conditional space the study runs over.</summary>
    public SearchSpace Space { get; }

    /// <summary>Per trainer: its parameters and the featurizer's, unconditioned (what the per-trainer GP models).</summary>
    public Dictionary<AutoMLTrainer, SearchSpace> Subspaces { get; } = new();

    public static bool Supports(AutoMLTrainer t, MLTask task) => task == MLTask.Regression
        ? t is not (AutoMLTrainer.LbfgsLinear or AutoMLTrainer.NaiveBayes)
        : t is not AutoMLTrainer.ElasticNet;

    private static bool IsScaleSensitive(AutoMLTrainer t) => t is AutoMLTrainer.LbfgsLinear or AutoMLTrainer.SdcaLinear or AutoMLTrainer.Mlp or AutoMLTrainer.KNearestNeighbors;

    private static TrainerKind? Kind(AutoMLTrainer t) => t switch
    {
        AutoMLTrainer.LightGbm => TrainerKind.LightGbm,
        AutoMLTrainer.FastTree => TrainerKind.FastTree,
        AutoMLTrainer.FastForest => TrainerKind.FastForest,
        AutoMLTrainer.SdcaLinear => TrainerKind.Sdca,
        AutoMLTrainer.LbfgsLinear => TrainerKind.Lbfgs,
        _ => null,
    };

    private IEnumerable<Parameter> TrainerParameters(AutoMLTrainer t) => Kind(t) is { } kind
        ? PipelineSpaces.For(kind, Task, MaxIterations).Space.Parameters
        : t switch
        {
            AutoMLTrainer.Mlp =>
            [
                Parameter.Int("hidden", 16, 256, log: true),
                Parameter.Int("layers", 1, 3),
                Parameter.Float("learning_rate", 1e-4, 1e-2, log: true),
                Parameter.Float("dropout", 0, 0.5),
                Parameter.Int("epochs", 5, 60, log: true),
            ],
            AutoMLTrainer.Recurrent =>
            [
                Parameter.Categorical("cell", 0.0, 1.0), // 0 = LSTM, 1 = GRU
                Parameter.Int("hidden", 16, 128, log: true),
                Parameter.Int("embedding", 16, 128, log: true),
                Parameter.Float("learning_rate", 5e-4, 2e-2, log: true),
                Parameter.Int("epochs", 2, 12),
                Parameter.Categorical("max_length", 32.0, 48.0, 96.0),
            ],
            AutoMLTrainer.Cnn =>
            [
                Parameter.Categorical("side", 16.0, 28.0, 32.0),
                Parameter.Categorical("channels", 8.0, 16.0, 32.0),
                Parameter.Float("learning_rate", 5e-4, 2e-2, log: true),
                Parameter.Float("dropout", 0, 0.5),
                Parameter.Int("epochs", 3, 20),
                Parameter.Categorical("augment", 0.0, 1.0), // 1 = small random rotations and shifts of the training images
            ],
            AutoMLTrainer.ExtraTrees or AutoMLTrainer.RandomForest =>
            [
                Parameter.Int("NumberOfTrees", 50, 300, log: true),
                // Up to a twentieth of the rows (at most 64, or 16 times the floor): larger leaves on a small table
                // leave a tree with a handful of leaves that predicts little beyond the class shares.
                Parameter.Int("MinimumExampleCountPerLeaf", ForestMinLeaf(_rows),
                    Math.Max(16 * ForestMinLeaf(_rows), Math.Clamp(_rows / 20, 4, 64)), log: true),
                // 0 = scikit-learn's default (sqrt of the feature count for classes, all features for values).
                Parameter.Categorical("FeatureFraction", 0.0, 0.33, 0.67, 1.0),
            ],
            AutoMLTrainer.NaiveBayes =>
            [
                Parameter.Categorical("complement", 0.0, 1.0), // 1 = complement, 0 = multinomial
                Parameter.Float("Alpha", 0.01, 10, log: true),
            ],
            // The penalty is cross-validated on the path inside each fit; the mix of L1 and L2 is searched, from nearly
            // ridge (0.01) to the lasso (1).
            AutoMLTrainer.ElasticNet => [Parameter.Float("L1Ratio", 0.01, 1, log: true)],
            AutoMLTrainer.KNearestNeighbors =>
            [
                // Up to 50 neighbours, or half the rows on a small table (at least the default 5).
                Parameter.Int("NumberOfNeighbors", 1, Math.Max(5, Math.Min(50, _rows / 2)), log: true),
                Parameter.Categorical("weighting", 0.0, 1.0), // 0 = uniform, 1 = inverse distance
                Parameter.Categorical("distance", 0.0, 1.0),  // 0 = Euclidean, 1 = Manhattan
            ],
            _ => throw new NotSupportedException($"trainer {t} has no search space."),
        };

    /// <summary>
    /// The forests' (extra trees', the random forest's) smallest leaf size in the search: 1 (fully grown, scikit-learn's default) up to 1000 rows, then
    /// rows / 1000, so that a tree has at most about a thousand leaves. The search keeps the fold models of its best
    /// trials, and fully grown trees on 30,000 rows are about 50 MB a forest, 250 MB a five-fold trial.
    /// </summary>
    internal static int ForestMinLeaf(int rows) => Math.Max(1, (int)Math.Ceiling(rows / 1000.0));

    public static AutoMLTrainer TrainerOf(ParameterSet p) => Enum.Parse<AutoMLTrainer>(p.GetString(TrainerParameter));

    /// <summary>A trainer's library-default configuration (the first trial of each trainer) in the joint space.</summary>
    public ParameterSet Default(AutoMLTrainer t) => Point(t, _featurizerDefaults[t]);

    /// <summary>Trainer <paramref name="t"/>'s library-default configuration with some values changed (subspace names, such as <c>feat.TextWordWeighting</c> or <c>LightGbm.CategoricalSplit</c>).</summary>
    internal ParameterSet DefaultWith(AutoMLTrainer t, params (string Name, double Value)[] changes)
    {
        var values = new Dictionary<string, double>(_featurizerDefaults[t], StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            if (!Subspaces[t].Parameters.Any(p => p.Name == name)) throw new ArgumentException($"{t} has no parameter {name}.", nameof(changes));
            values[name] = value;
        }
        return Point(t, values);
    }

    /// <summary>Trainer <paramref name="t"/>'s subspace point with the given values (a parameter's own default where a value is missing or illegal), in the joint space.</summary>
    private ParameterSet Point(AutoMLTrainer t, IReadOnlyDictionary<string, double> given)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var p in Subspaces[t].Parameters)
        {
            object v = given.TryGetValue(p.Name, out var d) ? d : p.Default;
            values[p.Name] = p.Contains(p.Normalize(v)) ? p.Normalize(v) : p.FromUnit(p.ToUnit(p.Default));
        }
        return FromSub(t, new ParameterSet(values));
    }

    /// <summary>
    /// The linear trainers' second configuration, tried once every trainer's default has been: scikit-learn's
    /// LogisticRegression default (L2 only, C = 1). ML.NET's L-BFGS default adds L1 = 1, which zeroes nearly every
    /// weight of sparse TF-IDF features (a test AUC of 0.46 on a 200-row text set), and ML.NET's SDCA default
    /// (L2 = 1e-3 on the mean loss) is a C that grows or shrinks with the row count. Without a second point, one poor
    /// default leaves the trainer ranked last, and <see cref="PortfolioSampler"/> then rarely tries it again.
    /// L-BFGS scales its penalty with the summed loss (L2 = 1/C); SDCA with the mean loss (L2 = 1/(C n)). The elastic
    /// net's second point is the lasso, and k nearest neighbours' is inverse-distance votes.
    /// </summary>
    private static Dictionary<string, double>? SecondConfiguration(AutoMLTrainer t, int rows) => t switch
    {
        AutoMLTrainer.LbfgsLinear => new() { ["L2Regularization"] = 1, ["L1Regularization"] = 1e-4 },
        AutoMLTrainer.SdcaLinear => new() { ["L2Regularization"] = Math.Clamp(1.0 / Math.Max(1, rows), 1e-5, 10), ["L1Regularization"] = 1e-5 },
        // The lasso (scikit-learn's LassoCV): where few columns carry the signal, it beats the even mix.
        AutoMLTrainer.ElasticNet => new() { ["L1Ratio"] = 1 },
        // Inverse-distance votes (AutoGluon's KNeighborsDist beside KNeighborsUnif).
        AutoMLTrainer.KNearestNeighbors => new() { ["weighting"] = 1 },
        _ => null,
    };

    /// <summary>A trainer's second configuration in the joint space (see <see cref="SecondConfiguration"/>), or null if it has none.</summary>
    public ParameterSet? Alternate(AutoMLTrainer t) => _alternates.TryGetValue(t, out var values) ? Point(t, values) : null;

    /// <summary>The trainer's subspace point of a joint-space point.</summary>
    public ParameterSet ToSub(ParameterSet full) =>
        new(full.Where(kv => kv.Key != TrainerParameter).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));

    /// <summary>The joint-space point of trainer <paramref name="t"/>'s subspace point.</summary>
    public ParameterSet FromSub(AutoMLTrainer t, ParameterSet sub)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal) { [TrainerParameter] = t.ToString() };
        foreach (var (k, v) in sub) values[k] = v;
        return Space.Normalize(values);
    }

    /// <summary>Parameter values as numbers for the leaderboard (trainer prefix removed; categorical featurizer choices are numeric).</summary>
    public static IReadOnlyDictionary<string, double> Numbers(ParameterSet p)
    {
        string prefix = p.GetString(TrainerParameter) + ".";
        return p.Where(kv => kv.Key != TrainerParameter)
            .ToDictionary(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) ? kv.Key[prefix.Length..] : kv.Key,
                kv => Convert.ToDouble(kv.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    /// <summary>DeepRoad.Pipelines featurizer options of a configuration.</summary>
    public static FeaturizerOptions Featurizer(ParameterSet p)
    {
        var n = Numbers(p);
        var t = TrainerOf(p);
        return new FeaturizerOptions
        {
            OneHotMaxCardinality = (int)n.GetValueOrDefault("feat.OneHotMaxCardinality", 64),
            // Naive Bayes reads counts, and a target encoding is a signed difference from the prior: it keeps the hashed slots.
            HighCardinalityEncoding = t == AutoMLTrainer.NaiveBayes
                ? CategoricalEncoding.Hashing
                : (CategoricalEncoding)(int)n.GetValueOrDefault("feat.HighCardinalityEncoding", (double)CategoricalEncoding.Hashing),
            AddMissingIndicators = n.GetValueOrDefault("feat.AddMissingIndicators", 1) > 0.5,
            TextWordNgramLength = (int)n.GetValueOrDefault("feat.TextWordNgramLength", 2),
            TextCharNgramLength = (int)n.GetValueOrDefault("feat.TextCharNgramLength", 3),
            TextMaxNgramsPerLength = (int)n.GetValueOrDefault("feat.TextMaxNgrams", 5000),
            TextWordsKeepPunctuation = n.GetValueOrDefault("feat.TextWordPunctuation", 0) > 0.5,
            TextWordWeighting = (TextWeighting)(int)n.GetValueOrDefault("feat.TextWordWeighting", (double)TextWeighting.TfIdf),
            ImagePixelSide = (int)n.GetValueOrDefault("feat.ImagePixelSide", 16),
            Normalizer = IsScaleSensitive(t) ? (NormalizerKind)(int)n.GetValueOrDefault("feat.Normalizer", (double)NormalizerKind.MinMax) : NormalizerKind.None,
        };
    }

    /// <summary>
    /// The featurizer options of a configuration with the choices that cannot change its output on this data set to
    /// their defaults (text choices without text columns, the normaliser where every input is text, and so on): two
    /// configurations with equal keys featurize every row alike, so <see cref="FeatureCache"/> shares their rows.
    /// </summary>
    public FeaturizerOptions FeaturizerKey(ParameterSet p)
    {
        var f = Featurizer(p);
        var plain = new FeaturizerOptions();
        var inputs = Schema.Columns.Where(AutoMLData.IsInput).ToList();
        if (!inputs.Any(c => c.Role == ColumnRole.Text))
            f = f with
            {
                TextWordNgramLength = plain.TextWordNgramLength, TextCharNgramLength = plain.TextCharNgramLength, TextMaxNgramsPerLength = plain.TextMaxNgramsPerLength,
                TextWordsKeepPunctuation = plain.TextWordsKeepPunctuation, TextWordWeighting = plain.TextWordWeighting, TextCharWeighting = plain.TextCharWeighting,
            };
        // Only the dense block (numbers, booleans, categoricals, pixels) is rescaled: text slots keep their weights.
        if (inputs.All(c => c.Role == ColumnRole.Text)) f = f with { Normalizer = NormalizerKind.None };
        if (!inputs.Any(c => c.Role == ColumnRole.Categorical && c.DistinctCount > f.OneHotMaxCardinality))
            f = f with { HighCardinalityEncoding = plain.HighCardinalityEncoding };
        // The limit matters only through which columns it one-hot encodes.
        f = f with { OneHotMaxCardinality = inputs.Where(c => c.Role == ColumnRole.Categorical && c.DistinctCount <= f.OneHotMaxCardinality).Select(c => c.DistinctCount).DefaultIfEmpty(0).Max() };
        if (!inputs.Any(c => c.Role is ColumnRole.Numeric or ColumnRole.Categorical && c.MissingCount > 0)) f = f with { AddMissingIndicators = plain.AddMissingIndicators };
        if (!inputs.Any(c => c.Role == ColumnRole.ImagePath)) f = f with { ImagePixelSide = plain.ImagePixelSide };
        return f;
    }

    /// <summary>Pipeline summary for the leaderboard: the featurizer's encodings and the trainer.</summary>
    public string DescribePipeline(ParameterSet p)
    {
        var t = TrainerOf(p);
        if (ReadsColumn(t) == ColumnRole.Text) return $"tokens(max {p.GetInt(t + ".max_length")}) > {t}";
        if (ReadsColumn(t) == ColumnRole.ImagePath) return $"pixels({p.GetInt(t + ".side")}x{p.GetInt(t + ".side")} {PixelKind}) > {t}";
        var f = Featurizer(p);
        var inputs = Schema.Columns.Where(AutoMLData.IsInput).ToList();
        var steps = new List<string>();
        if (inputs.Any(c => c.MissingCount > 0)) steps.Add(f.AddMissingIndicators ? "impute(mean)+indicators" : "impute(mean)");
        if (inputs.Any(c => c.Role == ColumnRole.Categorical))
            steps.Add(inputs.Any(c => c.Role == ColumnRole.Categorical && c.DistinctCount > f.OneHotMaxCardinality)
                ? $"one-hot/{(f.HighCardinalityEncoding == CategoricalEncoding.Target ? "target" : "hash")}(>{f.OneHotMaxCardinality})"
                : "one-hot");
        if (inputs.Any(c => c.Role == ColumnRole.Text)) steps.Add($"tfidf(word 1-{f.TextWordNgramLength}{(f.TextWordWeighting == TextWeighting.BinaryIdf ? " binary" : "")}{(f.TextWordsKeepPunctuation ? " with punctuation" : "")}{(f.TextCharNgramLength > 0 ? $", char 1-{f.TextCharNgramLength}" : "")}{(f.TextMaxNgramsPerLength > 0 ? $", top {f.TextMaxNgramsPerLength}" : "")})");
        if (inputs.Any(c => c.Role == ColumnRole.ImagePath)) steps.Add($"pixels({f.ImagePixelSide}x{f.ImagePixelSide} {PixelKind})");
        if (f.Normalizer != NormalizerKind.None) steps.Add(f.Normalizer.ToString());
        steps.Add(t.ToString());
        return string.Join(" > ", steps);
    }

    /// <summary>
    /// The trainer estimator of a configuration (reads <c>Label</c>/<c>Features</c>): <paramref name="treeThreads"/> for
    /// the tree ensembles (ML.NET's FastTree, FastForest and LightGbm, DeepRoad's extra trees and random forest),
    /// <paramref name="threads"/> for the deep trainers.
    /// </summary>
    public IEstimator<ITransformer> Trainer(MLContext ml, ParameterSet p, int threads, int seed, DeepTrainingHooks? hooks = null, int treeThreads = 1)
    {
        var t = TrainerOf(p);
        string prefix = t + ".";
        if (Kind(t) is { } kind)
        {
            var values = new ParameterSet(p.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && !kv.Key.StartsWith(prefix + "feat.", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal));
            var estimator = PipelineSpaces.For(kind, Task, MaxIterations, seed, treeThreads).Create(ml, values);
            // Forest scores are not probabilities: calibrate (Platt) so that blends and log-loss make sense.
            return kind == TrainerKind.FastForest && Task == MLTask.BinaryClassification
                ? estimator.Append(ml.BinaryClassification.Calibrators.Platt())
                : estimator;
        }
        int I(string n) => p.GetInt(prefix + n);
        double D(string n) => p.GetDouble(prefix + n);
        if (t == AutoMLTrainer.NaiveBayes)
            return ml.DeepRoad().Ensembles.NaiveBayes(new NaiveBayesOptions
            {
                Kind = I("complement") == 1 ? NaiveBayesKind.Complement : NaiveBayesKind.Multinomial, Alpha = D("Alpha"),
            });
        if (t == AutoMLTrainer.ElasticNet)
            return ml.DeepRoad().Ensembles.ElasticNet(new ElasticNetOptions { L1Ratio = D("L1Ratio"), Seed = seed });
        if (t == AutoMLTrainer.KNearestNeighbors)
            return ml.DeepRoad().Ensembles.KNearestNeighbors(new KNearestNeighborsOptions
            {
                NumberOfNeighbors = I("NumberOfNeighbors"),
                Weighting = I("weighting") == 1 ? NeighborWeighting.Distance : NeighborWeighting.Uniform,
                Distance = I("distance") == 1 ? NeighborDistance.Manhattan : NeighborDistance.Euclidean,
            });
        if (IsDenseForest(t))
        {
            // One space, two forests: the options are set on the base record, which keeps the forest's own type.
            ForestOptions forest = t == AutoMLTrainer.ExtraTrees ? new ExtraTreesOptions() : new RandomForestOptions();
            forest = forest with
            {
                NumberOfTrees = I("NumberOfTrees"), MinimumExampleCountPerLeaf = I("MinimumExampleCountPerLeaf"),
                FeatureFraction = D("FeatureFraction") is > 0 and var f ? f : null, NumberOfThreads = treeThreads, Seed = seed,
            };
            return forest is ExtraTreesOptions extra
                ? ml.DeepRoad().Ensembles.ExtraTrees(extra)
                : ml.DeepRoad().Ensembles.RandomForest((RandomForestOptions)forest);
        }
        if (t == AutoMLTrainer.Recurrent)
            return ml.DeepRoad().Deep.Recurrent(Task,
                new RecurrentSpec { Cell = I("cell") == 0 ? RecurrentCell.Lstm : RecurrentCell.Gru, HiddenSize = I("hidden"), EmbeddingSize = I("embedding") },
                new DeepTrainingOptions
                {
                    Epochs = I("epochs"), LearningRate = D("learning_rate"), BatchSize = 32, GradientClipNorm = 1.0, Seed = seed, Threads = threads,
                    ValidationFraction = 0.1,
                },
                tokenColumn: TokenColumn, hooks: hooks);
        if (t == AutoMLTrainer.Cnn)
        {
            int side = I("side"), width = I("channels");
            return ml.DeepRoad().Deep.Cnn(Task,
                new CnnSpec { ImageChannels = _imageChannels, ImageHeight = side, ImageWidth = side, Channels = [width, 2 * width, 4 * width], Dropout = D("dropout") },
                new DeepTrainingOptions
                {
                    Epochs = I("epochs"), LearningRate = D("learning_rate"), Schedule = LearningRateScheduleKind.Cosine, BatchSize = 32, Seed = seed,
                    Threads = threads, ValidationFraction = 0.1,
                },
                // Rotations of a few degrees and shifts of a pixel or two (per 16 pixels of side): labels survive them for
                // digits, photos and scans alike; flips do not (a mirrored digit), so there are none.
                I("augment") == 1 ? new ImageAugmentationOptions { MaxRotationDegrees = 8, CropPadding = Math.Max(1, side / 16) } : null,
                hooks: hooks);
        }
        return ml.DeepRoad().Deep.Mlp(Task,
            new MlpSpec { HiddenLayers = Enumerable.Repeat(I("hidden"), I("layers")).ToList(), Dropout = D("dropout") },
            new DeepTrainingOptions
            {
                Epochs = I("epochs"), LearningRate = D("learning_rate"), Seed = seed, Threads = threads,
                EarlyStoppingPatience = 5, ValidationFraction = 0.1,
            },
            hooks: hooks);
    }

    private const string TokenColumn = "__automl_tokens";

    private string PixelKind => _imageChannels == 1 ? "gray" : "rgb";

    /// <summary>
    /// What turns the input columns into the trainer's input: DeepRoad.Pipelines' <see cref="DefaultFeaturizer"/>
    /// (searched options) for the vector trainers; its image branch alone (pixels at the searched side) for
    /// the CNN; DeepRoad.Pipelines.Text's tokenizer for the LSTM/GRU.
    /// </summary>
    public IEstimator<ITransformer> Featurizer(MLContext ml, ParameterSet p)
    {
        var t = TrainerOf(p);
        if (ReadsColumn(t) is not { } role) return DefaultFeaturizer.Build(ml, Schema, Featurizer(p));
        var column = Schema.Columns.First(c => c.Role == role);
        if (role == ColumnRole.Text)
            return ml.DeepRoad().TokenizeText(new TextTokenizerOptions { InputColumn = column.Name, OutputColumn = TokenColumn, MaxLength = p.GetInt(t + ".max_length"), MinFrequency = 2 });
        var only = Schema with { Columns = [column] };
        return DefaultFeaturizer.Build(ml, only, new FeaturizerOptions
        {
            ImagePixelSide = p.GetInt(t + ".side"), Normalizer = NormalizerKind.None, Imputation = ImputationKind.None, AddMissingIndicators = false,
        });
    }
}
