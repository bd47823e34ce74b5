using DeepRoad.Deep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Networks;

/// <summary>
/// TorchSharp's <c>nn.BatchNorm1d</c> / <c>nn.BatchNorm2d</c> (PyTorch's defaults: eps 1e-5, momentum 0.1, affine,
/// running statistics) with one change: the count of training batches is incremented with scalars that stay alive.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>BatchNorm.forward</c> runs <c>num_batches_tracked.add_(1)</c>, which makes two temporary
/// <see cref="Scalar"/>s (the 1 and an alpha of 1). Once their handles are read they are unreachable, and a collection
/// on another thread can finalize them, freeing the native values, while libtorch still reads them. A CNN trial of a
/// digits AutoML search failed that way (2026-12-02): "For integral input tensors, argument alpha must not be a
/// floating point number", thrown from <c>add_</c> on the int64 counter, whose alpha had become some other scalar's
/// freed memory. The same bug class as <see cref="TensorOptimizer"/>'s. Here the counter is incremented with
/// <see cref="Scalars.One"/>. The rest is TorchSharp's own code path (<c>functional.batch_norm</c>), with the same parameter
/// and buffer names, so outputs, running statistics and saved state are those of <c>nn.BatchNorm</c>
/// (<c>HeldScalarBatchNormTests</c>).
/// </remarks>
internal sealed class HeldScalarBatchNorm : TorchSharp.Modules.BatchNorm
{
    private readonly int[] _dimensions;

    private HeldScalarBatchNorm(long features, string name, params int[] dimensions)
        : base(features, eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true, device: null, dtype: null, name)
    {
        _dimensions = dimensions;
    }

    /// <summary>Over (N, C) or (N, C, L) inputs, as <c>nn.BatchNorm1d</c>.</summary>
    public static HeldScalarBatchNorm OneD(long features) => new(features, "BatchNorm1d", 2, 3);

    /// <summary>Over (N, C, H, W) inputs, as <c>nn.BatchNorm2d</c>.</summary>
    public static HeldScalarBatchNorm TwoD(long features) => new(features, "BatchNorm2d", 4);

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (!_dimensions.Contains((int)input.ndim))
            throw new ArgumentException($"expected {string.Join(" or ", _dimensions.Select(d => $"{d}D"))} input, but got {input.ndim}D input.");
    }

    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        double factor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is { } tracked)
        {
            tracked.add_(Scalars.One, Scalars.One);
            if (momentum is null) factor = 1.0 / tracked.item<long>();
        }
        bool batchStatistics = training || (running_mean is null && running_var is null);
        bool passStatistics = !training || track_running_stats;
        return nn.functional.batch_norm(input, passStatistics ? running_mean : null, passStatistics ? running_var : null,
            weight, bias, batchStatistics, factor, eps);
    }
}
