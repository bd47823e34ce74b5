namespace DeepRoad.Deep.Training;

/// <summary>
/// Computes the learning rate for every batch from <see cref="DeepTrainingOptions"/>: linear warm-up, then the
/// schedule. Pure arithmetic (no torch), so it is unit-tested directly.
/// </summary>
public sealed class LearningRateScheduler
{
    private readonly DeepTrainingOptions _o;
    private readonly int _stepsPerEpoch;
    private double _plateauRate;
    private double _plateauBest = double.PositiveInfinity;
    private int _plateauBad;

    /// <summary>Creates a scheduler for <paramref name="stepsPerEpoch"/> batches per epoch.</summary>
    public LearningRateScheduler(DeepTrainingOptions options, int stepsPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(options);
        _o = options;
        _stepsPerEpoch = Math.Max(1, stepsPerEpoch);
        _plateauRate = options.LearningRate;
    }

    /// <summary>The learning rate for batch <paramref name="step"/> (0-based) of epoch <paramref name="epoch"/> (0-based).</summary>
    public double RateAt(int epoch, int step)
    {
        double t = epoch + (double)step / _stepsPerEpoch;
        double warm = _o.WarmupEpochs;
        if (warm > 0 && t < warm)
            return _o.LearningRate * (epoch * _stepsPerEpoch + step + 1) / (warm * _stepsPerEpoch);
        double baseLr = _o.LearningRate, min = _o.MinLearningRate;
        double span = Math.Max(1e-12, _o.Epochs - warm);
        double p = Math.Clamp((t - warm) / span, 0, 1);
        int e = Math.Max(0, (int)Math.Floor(t - warm));
        return _o.Schedule switch
        {
            LearningRateScheduleKind.Constant => baseLr,
            LearningRateScheduleKind.Step => baseLr * Math.Pow(_o.Gamma, e / _o.StepSize),
            LearningRateScheduleKind.Exponential => baseLr * Math.Pow(_o.Gamma, e),
            LearningRateScheduleKind.Polynomial => min + (baseLr - min) * Math.Pow(1 - p, _o.PolynomialPower),
            LearningRateScheduleKind.Cosine => min + (baseLr - min) * 0.5 * (1 + Math.Cos(Math.PI * p)),
            LearningRateScheduleKind.ReduceOnPlateau => _plateauRate,
            _ => throw new ArgumentOutOfRangeException(nameof(_o.Schedule)),
        };
    }

    /// <summary>Feeds the epoch's monitored loss to ReduceOnPlateau (no effect for other schedules).</summary>
    public void EndEpoch(double monitoredLoss)
    {
        if (_o.Schedule != LearningRateScheduleKind.ReduceOnPlateau || double.IsNaN(monitoredLoss)) return;
        if (monitoredLoss < _plateauBest - 1e-12)
        {
            _plateauBest = monitoredLoss;
            _plateauBad = 0;
            return;
        }
        if (++_plateauBad >= _o.PlateauPatience)
        {
            _plateauRate = Math.Max(_o.MinLearningRate, _plateauRate * _o.PlateauFactor);
            _plateauBad = 0;
        }
    }
}
