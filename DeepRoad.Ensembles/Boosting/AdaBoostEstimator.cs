using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Graph;
using DeepRoad.Ensembles.Internal;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles;

/// <summary>
/// AdaBoost: SAMME / SAMME.R for binary and multiclass, AdaBoost.R2 for regression. Row weights reach the
/// member as example weights (FastTree, LightGbm, SDCA, L-BFGS with ExampleWeightColumnName set) or by
/// weighted resampling. Stops early when a round's error is 0 or at chance (0.5 binary, 1 - 1/K multiclass SAMME).
/// </summary>
public sealed class AdaBoostEstimator : EnsembleEstimator
{
    private readonly AdaBoostOptions _options;

    internal AdaBoostEstimator(MLContext context, AdaBoostOptions options) : base(context)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The options.</summary>
    public AdaBoostOptions Options => _options;

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var task = MemberChecks.TaskFromShape(inputSchema, _options.LabelColumnName);
        bool needProb = task != MLTask.Regression && _options.Algorithm == AdaBoostAlgorithm.SammeR;
        SchemaShape shape;
        try
        {
            shape = MemberChecks.Check(_options.Member!, inputSchema, task, needProb, "AdaBoost");
        }
        catch (EnsembleMemberException) when (_options.Weighting != AdaBoostWeighting.Resample && !SchemaShapes.TryFind(inputSchema, _options.WeightColumnName, out _))
        {
            // The member may require the weight column that AdaBoost adds.
            shape = MemberChecks.Check(_options.Member!, WithWeight(inputSchema), task, needProb, "AdaBoost");
        }
        return MemberChecks.OutputShape(inputSchema, shape, task);
    }

    private SchemaShape WithWeight(SchemaShape input)
    {
        var b = new DataViewSchema.Builder();
        b.AddColumn(_options.WeightColumnName, NumberDataViewType.Single);
        var weight = SchemaShapes.Create(b.ToSchema())[0];
        return new SchemaShape(input.Where(c => c.Name != _options.WeightColumnName).Append(weight));
    }

    private bool UsesExampleWeights(SchemaShape input)
    {
        if (_options.Weighting != AdaBoostWeighting.Auto) return _options.Weighting == AdaBoostWeighting.ExampleWeights;
        try
        {
            _options.Member!.Create(new MLContext(0)).GetOutputSchema(input);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return true;
        }
    }

    /// <inheritdoc />
    public override EnsembleModel Fit(IDataView input, CancellationToken cancellationToken, IProgress<EnsembleProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputShape = SchemaShapes.Create(input.Schema);
        GetOutputSchema(inputShape);
        var o = _options;
        var member = o.Member!;
        var task = TaskInfo.FromSchema(input.Schema, o.LabelColumnName);
        var data = Context.Data.Cache(input);
        var labels = ScoredRowReader.ReadLabels(data, task);
        int n = labels.Length, w = task.Width, k = task.Classes;
        if (n == 0) throw new ArgumentException("AdaBoost: the training data has no rows.");
        bool exampleWeights = UsesExampleWeights(inputShape);
        var mode = task.Task == MLTask.Regression ? OutputMode.Value
            : o.Algorithm == AdaBoostAlgorithm.SammeR ? OutputMode.Probabilities : OutputMode.HardLabel;
        var combine = task.Task == MLTask.Regression ? CombineMode.WeightedMedian
            : o.Algorithm == AdaBoostAlgorithm.SammeR ? CombineMode.SammeR : CombineMode.Samme;
        var seeds = Seeds.Derive(o.Seed, 2 * o.Rounds);

        var weights = Enumerable.Repeat(1.0 / n, n).ToArray();
        var nodes = new List<PredictionNode>();
        var alphas = new List<double>();
        string? stop = null;
        for (int round = 0; round < o.Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IDataView train;
            DataViewSchema schema = data.Schema;
            if (exampleWeights)
            {
                var scaled = weights.Select(x => (float)(x * n)).ToArray();
                var view = new AppendedDataView(data, WeightColumn(o.WeightColumnName, scaled));
                train = view;
                schema = view.Schema;
            }
            else
            {
                train = new RowCountsDataView(data, WeightedSample(new Random(seeds[2 * round]), weights, n));
            }
            string name = $"{member.Name}#{round + 1}";
            var model = MemberFitter.Fit(new FitJob(member, seeds[2 * round + 1], train, $"AdaBoost round {round + 1}"), cancellationToken);
            progress?.Report(new EnsembleProgress($"AdaBoost round {round + 1}", member.Name, round + 1, o.Rounds));
            var pred = ScoredRowReader.ReadAll(model.Transform(data), mode, task, n);
            var node = new ModelNode(name, model, schema, mode, task, null);
            bool last = round == o.Rounds - 1;

            if (task.Task == MLTask.Regression)
            {
                var err = new double[n];
                double max = 0;
                for (int i = 0; i < n; i++) { err[i] = Math.Abs(pred[i] - labels[i]); max = Math.Max(max, err[i]); }
                if (max <= 0) { nodes.Add(node); alphas.Add(1); stop = $"round {round + 1}: zero error"; break; }
                double avg = 0;
                var loss = new double[n];
                for (int i = 0; i < n; i++)
                {
                    double l = err[i] / max;
                    loss[i] = o.Loss switch { AdaBoostLoss.Square => l * l, AdaBoostLoss.Exponential => 1 - Math.Exp(-l), _ => l };
                    avg += weights[i] * loss[i];
                }
                if (avg <= 0) { nodes.Add(node); alphas.Add(1); stop = $"round {round + 1}: zero loss"; break; }
                if (avg >= 0.5)
                {
                    if (nodes.Count == 0) { nodes.Add(node); alphas.Add(1); }
                    stop = $"round {round + 1}: average loss {avg:F3} >= 0.5";
                    break;
                }
                double beta = avg / (1 - avg);
                nodes.Add(node);
                alphas.Add(o.LearningRate * Math.Log(1 / beta));
                if (!last) for (int i = 0; i < n; i++) weights[i] *= Math.Pow(beta, (1 - loss[i]) * o.LearningRate);
            }
            else
            {
                double error = 0;
                var wrong = new bool[n];
                for (int i = 0; i < n; i++)
                {
                    wrong[i] = CombinerNode.ArgMax(pred.AsSpan(i * w, w)) != (int)labels[i];
                    if (wrong[i]) error += weights[i];
                }
                double chance = 1 - 1.0 / k;
                if (error <= 0) { nodes.Add(node); alphas.Add(1); stop = $"round {round + 1}: training error 0"; break; }
                if (error >= chance)
                {
                    if (nodes.Count == 0) { nodes.Add(node); alphas.Add(1); }
                    stop = $"round {round + 1}: weighted error {error:F3} >= {chance:F3} (chance)";
                    break;
                }
                if (o.Algorithm == AdaBoostAlgorithm.Samme)
                {
                    double alpha = o.LearningRate * (Math.Log((1 - error) / error) + Math.Log(k - 1));
                    nodes.Add(node);
                    alphas.Add(alpha);
                    if (!last) for (int i = 0; i < n; i++) if (wrong[i]) weights[i] *= Math.Exp(alpha);
                }
                else
                {
                    nodes.Add(node);
                    alphas.Add(1);
                    if (!last)
                        for (int i = 0; i < n; i++)
                        {
                            // y coding: 1 for the true class, -1/(K-1) otherwise (Zhu et al.).
                            double s = 0;
                            for (int c = 0; c < k; c++)
                            {
                                double lp = Math.Log(Math.Max(pred[i * w + c], 1e-7));
                                s += (c == (int)labels[i] ? 1.0 : -1.0 / (k - 1)) * lp;
                            }
                            weights[i] *= Math.Exp(-o.LearningRate * (k - 1.0) / k * s);
                        }
                }
            }
            double total = weights.Sum();
            if (!(total > 0) || double.IsInfinity(total)) { stop = $"round {round + 1}: sample weights degenerated"; break; }
            for (int i = 0; i < n; i++) weights[i] /= total;
        }

        var alphaArray = alphas.ToArray();
        var root = new CombinerNode(nodes, alphaArray, combine, task);
        double sum = alphaArray.Sum();
        var entries = nodes.Select((nd, i) => new MemberEntry(new EnsembleMemberInfo(((ModelNode)nd).Name, 1, alphaArray[i] / sum), nd)).ToArray();
        return new EnsembleModel(Context, EnsembleKind.AdaBoost, task, root, entries, null, 1, MemberChecks.DescribeColumns(input.Schema))
        {
            StopReason = stop,
        };
    }

    private static ColumnAppender WeightColumn(string name, float[] values) =>
        new([new AppendedColumn(name, NumberDataViewType.Single)], row =>
        {
            ValueGetter<float> g = (ref float v) => v = values[row.Position];
            return [g];
        }, dependencies: []);

    /// <summary>n draws with replacement with probability proportional to the weights.</summary>
    internal static int[] WeightedSample(Random rng, double[] weights, int draws)
    {
        var cdf = new double[weights.Length];
        double acc = 0;
        for (int i = 0; i < weights.Length; i++) { acc += weights[i]; cdf[i] = acc; }
        var counts = new int[weights.Length];
        for (int s = 0; s < draws; s++)
        {
            double u = rng.NextDouble() * acc;
            int idx = Array.BinarySearch(cdf, u);
            if (idx < 0) idx = ~idx;
            counts[Math.Min(idx, weights.Length - 1)]++;
        }
        return counts;
    }
}
