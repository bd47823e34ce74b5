using System.Diagnostics;
using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Runtime;
using DeepRoad.Pipelines;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Training;

/// <summary>A row-major float matrix with targets: what the training loop consumes.</summary>
internal sealed record TrainingMatrix(float[] X, float[] Y, int Rows, int Width);

/// <summary>
/// The mini-batch training loop shared by every deep estimator: optimizer, LR schedule, L1/L2, clipping,
/// class weights, validation, early stopping with best-weight restore, progress, cancellation and pruning.
/// One dispose scope per batch keeps native memory flat.
/// </summary>
internal static class DeepTrainer
{
    private static readonly Lock InitGate = new();

    /// <summary>Called with (batch rows, row count, generator) to augment a training batch in place.</summary>
    public delegate void Augmenter(float[] batch, int rows, Random rng);

    public sealed record Result(nn.Module<Tensor, Tensor> Model, IReadOnlyList<EpochReport> History, int BestEpoch);

    public static Result Train(
        TrainingMatrix train, TrainingMatrix? valid, MLTask task, int classes, NetworkSpec spec, IReadOnlyList<int> cardinalities,
        DeepTrainingOptions o, DeepTrainingHooks hooks, Augmenter? augment, float targetStd)
    {
        o.Validate();
        TorchRuntime.EnsureLoaded();
        var device = o.Device.ToTorchDevice();
        int outputs = task == MLTask.MulticlassClassification ? classes : 1;
        if (train.Rows == 0) throw new ArgumentException("The training data has no rows.");

        // Torch's thread count and random generator are process-wide: set them and draw the initial weights as one step,
        // so that two models trained at once (parallel AutoML trials, ensemble members) each get the weights of their seed.
        nn.Module<Tensor, Tensor> model;
        lock (InitGate)
        {
            TorchRuntime.SetThreads(o.Threads);
            torch.manual_seed(o.Seed);
            model = spec.Build(train.Width, outputs, cardinalities);
        }
        model.to(device);
        using var optimizer = CreateOptimizer(model, o);
        using var l1 = o.L1.ToScalar(); // held, never a temporary: see TensorOptimizer
        var weightParams = model.named_parameters().Where(p => p.name.EndsWith("weight", StringComparison.Ordinal) && p.parameter.dim() > 1)
            .Select(p => p.parameter).ToArray();

        float[]? classWeights = ClassWeights(train, task, classes, o);
        using var classWeightTensor = classWeights is null ? null : torch.tensor(classWeights).to(device);

        int batch = Math.Min(o.BatchSize, train.Rows);
        int stepsPerEpoch = (train.Rows + batch - 1) / batch;
        var scheduler = new LearningRateScheduler(o, stepsPerEpoch);
        var rng = new Random(o.Seed);
        var augRng = new Random(unchecked(o.Seed * 31 + 7));
        var order = Enumerable.Range(0, train.Rows).ToArray();
        var history = new List<EpochReport>();
        Dictionary<string, Tensor>? best = null;
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0, bad = 0;
        double lr = o.LearningRate;
        var ct = hooks.CancellationToken;

        try
        {
            for (int epoch = 0; epoch < o.Epochs; epoch++)
            {
                var sw = Stopwatch.StartNew();
                model.train();
                rng.Shuffle(order);
                double lossSum = 0;
                int seen = 0;
                for (int step = 0; step < stepsPerEpoch; step++)
                {
                    ct.ThrowIfCancellationRequested();
                    int start = step * batch;
                    int b = Math.Min(batch, train.Rows - start);
                    if (b == 1 && train.Rows > 1) continue; // a batch of one breaks batch normalisation
                    lr = scheduler.RateAt(epoch, step);
                    optimizer.LearningRate = lr;

                    using var scope = torch.NewDisposeScope();
                    var xb = new float[b * train.Width];
                    var yb = new float[b];
                    for (int i = 0; i < b; i++)
                    {
                        int r = order[start + i];
                        Array.Copy(train.X, (long)r * train.Width, xb, (long)i * train.Width, train.Width);
                        yb[i] = train.Y[r];
                    }
                    augment?.Invoke(xb, b, augRng);
                    var x = Tensors.FromRows(xb, b, train.Width, device);
                    var y = Tensors.FromVector(yb, device);
                    var output = model.forward(x);
                    var loss = Loss(output, y, task, classWeightTensor);
                    var total = loss;
                    if (o.L1 > 0)
                        foreach (var w in weightParams) total = total.add(w.abs().sum().mul(l1), Scalars.One);
                    optimizer.ZeroGrad();
                    total.backward();
                    if (o.GradientClipNorm > 0) nn.utils.clip_grad_norm_(model.parameters(), o.GradientClipNorm);
                    optimizer.Step();
                    lossSum += loss.item<float>() * b;
                    seen += b;
                }

                double trainLoss = lossSum / Math.Max(1, seen);
                double vLoss = double.NaN, vMetric = double.NaN;
                if (valid is not null && valid.Rows > 0) (vLoss, vMetric) = Evaluate(model, valid, task, classWeightTensor, device, targetStd);
                double monitored = double.IsNaN(vLoss) ? trainLoss : vLoss;
                scheduler.EndEpoch(monitored);
                var report = new EpochReport(epoch + 1, o.Epochs, trainLoss, vLoss, vMetric, lr, sw.Elapsed);
                history.Add(report);
                hooks.Progress?.Report(report);

                if (!double.IsFinite(trainLoss))
                    throw new InvalidOperationException($"Training diverged at epoch {epoch + 1} (loss {trainLoss}); lower the learning rate or enable gradient clipping.");
                if (monitored < bestLoss - o.EarlyStoppingMinDelta)
                {
                    bestLoss = monitored;
                    bestEpoch = epoch + 1;
                    bad = 0;
                    if (o.RestoreBestWeights) best = Snapshot(model, best);
                }
                else bad++;
                if (o.EarlyStoppingPatience > 0 && bad >= o.EarlyStoppingPatience) break;
                if (hooks.ShouldStop?.Invoke(epoch + 1, monitored) == true) break;
            }

            if (o.RestoreBestWeights && best is not null && bestEpoch != history.Count)
                model.load_state_dict(best);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            if (best is not null) foreach (var t in best.Values) t.Dispose();
        }
        model.eval();
        return new Result(model, history, bestEpoch);
    }

    internal static Tensor Loss(Tensor output, Tensor y, MLTask task, Tensor? classWeights)
    {
        switch (task)
        {
            case MLTask.BinaryClassification:
            {
                var logits = output.squeeze(1);
                if (classWeights is null) return nn.functional.binary_cross_entropy_with_logits(logits, y);
                var w = classWeights.index_select(0, y.to_type(ScalarType.Int64));
                return (nn.functional.binary_cross_entropy_with_logits(logits, y, reduction: nn.Reduction.None) * w).sum() / w.sum();
            }
            case MLTask.MulticlassClassification:
                return nn.functional.cross_entropy(output, y.to_type(ScalarType.Int64), classWeights);
            default:
                return nn.functional.mse_loss(output.squeeze(1), y);
        }
    }

    private static (double Loss, double Metric) Evaluate(nn.Module<Tensor, Tensor> model, TrainingMatrix v, MLTask task, Tensor? cw, Device device, float targetStd)
    {
        model.eval();
        double lossSum = 0, metricSum = 0;
        const int chunk = 1024;
        using (torch.no_grad())
        {
            for (int start = 0; start < v.Rows; start += chunk)
            {
                using var scope = torch.NewDisposeScope();
                int b = Math.Min(chunk, v.Rows - start);
                var x = Tensors.FromRows(v.X.AsSpan(start * v.Width, b * v.Width).ToArray(), b, v.Width, device);
                var y = Tensors.FromVector(v.Y.AsSpan(start, b).ToArray(), device);
                var output = model.forward(x);
                lossSum += Loss(output, y, task, cw).item<float>() * b;
                metricSum += task switch
                {
                    MLTask.BinaryClassification => output.squeeze(1).gt(Scalars.Zero).to_type(ScalarType.Float32).eq(y).sum().item<long>(),
                    MLTask.MulticlassClassification => output.argmax(1).eq(y.to_type(ScalarType.Int64)).sum().item<long>(),
                    _ => output.squeeze(1).add(y, Scalars.MinusOne).pow(Scalars.Two).sum().item<float>(),
                };
            }
        }
        model.train();
        double metric = task == MLTask.Regression ? Math.Sqrt(metricSum / v.Rows) * targetStd : metricSum / v.Rows;
        return (lossSum / v.Rows, metric);
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module<Tensor, Tensor> model, Dictionary<string, Tensor>? previous)
    {
        if (previous is not null) foreach (var t in previous.Values) t.Dispose();
        var copy = new Dictionary<string, Tensor>();
        // The scope frees the intermediate detach() wrappers; only the clones move out.
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
            foreach (var (name, t) in model.state_dict()) copy[name] = t.detach().clone().MoveToOuterDisposeScope();
        return copy;
    }

    private static float[]? ClassWeights(TrainingMatrix train, MLTask task, int classes, DeepTrainingOptions o)
    {
        if (task == MLTask.Regression) return null;
        if (o.ClassWeights is { } explicitWeights)
        {
            if (explicitWeights.Count != classes)
                throw new ArgumentException($"Deep training option ClassWeights has {explicitWeights.Count} weights but the label has {classes} classes.", nameof(o.ClassWeights));
            return explicitWeights.ToArray();
        }
        if (!o.BalancedClassWeights) return null;
        var counts = new double[classes];
        foreach (var y in train.Y) counts[(int)y]++;
        return counts.Select(c => c == 0 ? 1f : (float)(train.Rows / (classes * c))).ToArray();
    }

    private static TensorOptimizer CreateOptimizer(nn.Module<Tensor, Tensor> model, DeepTrainingOptions o) =>
        new(model.parameters(), o.Optimizer, o.LearningRate, momentum: o.Momentum, nesterov: o.Nesterov,
            beta1: o.Beta1, beta2: o.Beta2, weightDecay: o.L2);
}
