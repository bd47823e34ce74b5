using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Training;

/// <summary>
/// The parameter updates of <see cref="OptimizerKind"/>, with PyTorch's semantics and defaults, written so that no
/// TorchSharp <see cref="Scalar"/> is ever a temporary.
/// </summary>
/// <remarks>
/// Why not <c>torch.optim</c>: TorchSharp 0.107's optimizers pass implicit, unreferenced <see cref="Scalar"/>s to native
/// calls (for example <c>exp_avg_sq.sqrt() / Math.Sqrt(bias_correction2)</c> in Adam). Once the handle has been read the
/// managed object is unreachable, so a garbage collection started by any other thread can finalize it, and free the
/// native scalar, while libtorch still reads it: the step fails with "Unknown scalar type" (or reads freed memory).
/// It happened in CI to a CNN trial while other tests allocated in parallel, and a loop of <c>tensor / 2.0</c> against
/// a thread calling <c>GC.Collect()</c> shows it within a second. Here every scalar is held by a <c>using</c> variable
/// until the native call has returned. <c>DeepRoad.Deep.Tests</c> checks each kind against <c>torch.optim</c> step by step.
/// </remarks>
internal sealed class TensorOptimizer : IDisposable
{
    private readonly OptimizerKind _kind;
    private readonly Parameter[] _parameters;
    private readonly double _momentum, _beta1, _beta2, _weightDecay;
    private readonly bool _nesterov;
    // Per parameter: first and second state tensors (momentum buffer, moments, accumulators), created up front and
    // detached from any dispose scope so that the per-batch scopes of the training loop never free them.
    private readonly Tensor?[] _state1, _state2;
    private long _step;

    // PyTorch's defaults for the constants the options do not expose.
    private const double AdamEps = 1e-8, RmsAlpha = 0.99, RmsEps = 1e-8, AdagradEps = 1e-10, AdadeltaRho = 0.9, AdadeltaEps = 1e-6;

    public TensorOptimizer(IEnumerable<Parameter> parameters, OptimizerKind kind, double learningRate,
        double momentum = 0, bool nesterov = false, double beta1 = 0.9, double beta2 = 0.999, double weightDecay = 0)
    {
        if (learningRate < 0) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be ≥ 0.");
        if (nesterov && (kind != OptimizerKind.Sgd || momentum <= 0))
            throw new ArgumentException("Nesterov momentum needs the SGD optimizer and a momentum > 0.", nameof(nesterov));
        _kind = kind;
        _parameters = parameters.Where(p => p.requires_grad).ToArray();
        LearningRate = learningRate;
        _momentum = momentum;
        _nesterov = nesterov;
        _beta1 = beta1;
        _beta2 = beta2;
        _weightDecay = weightDecay;
        _state1 = new Tensor?[_parameters.Length];
        _state2 = new Tensor?[_parameters.Length];
        using var noGrad = torch.no_grad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            bool first = kind switch
            {
                OptimizerKind.Sgd or OptimizerKind.RmsProp => momentum > 0,
                _ => true,
            };
            bool second = kind is OptimizerKind.Adam or OptimizerKind.AdamW or OptimizerKind.RmsProp or OptimizerKind.Adadelta;
            if (first) _state1[i] = torch.zeros_like(_parameters[i]).DetachFromDisposeScope();
            if (second) _state2[i] = torch.zeros_like(_parameters[i]).DetachFromDisposeScope();
        }
    }

    /// <summary>The learning rate of the next <see cref="Step"/> (a schedule sets it before each step).</summary>
    public double LearningRate { get; set; }

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            var g = p.grad;
            if (g is null) continue;
            g.zero_();
        }
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        _step++;
        using var noGrad = torch.no_grad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var grad = p.grad;
            if (grad is null) continue;
            using var scope = torch.NewDisposeScope();
            switch (_kind)
            {
                case OptimizerKind.Sgd: Sgd(p, grad, _state1[i]); break;
                case OptimizerKind.Adam: Adam(p, grad, _state1[i]!, _state2[i]!, decoupled: false); break;
                case OptimizerKind.AdamW: Adam(p, grad, _state1[i]!, _state2[i]!, decoupled: true); break;
                case OptimizerKind.RmsProp: RmsProp(p, grad, _state1[i], _state2[i]!); break;
                case OptimizerKind.Adagrad: Adagrad(p, grad, _state1[i]!); break;
                case OptimizerKind.Adadelta: Adadelta(p, grad, _state1[i]!, _state2[i]!); break;
                default: throw new InvalidOperationException($"Unknown optimizer {_kind}.");
            }
        }
    }

    /// <summary>grad + weight_decay · p (coupled L2), or the gradient itself when there is no decay.</summary>
    private Tensor WithDecay(Tensor p, Tensor grad)
    {
        if (_weightDecay == 0) return grad;
        using var wd = _weightDecay.ToScalar();
        return grad.add(p, alpha: wd);
    }

    private void Sgd(Parameter p, Tensor grad, Tensor? buffer)
    {
        var g = WithDecay(p, grad);
        if (buffer is not null)
        {
            if (_step == 1) buffer.copy_(g);
            else
            {
                using var m = _momentum.ToScalar();
                buffer.mul_(m).add_(g, alpha: Scalars.One);
            }
            if (_nesterov)
            {
                using var m = _momentum.ToScalar();
                g = g.add(buffer, alpha: m);
            }
            else g = buffer;
        }
        using var minusLr = (-LearningRate).ToScalar();
        p.add_(g, alpha: minusLr);
    }

    private void Adam(Parameter p, Tensor grad, Tensor m, Tensor v, bool decoupled)
    {
        Tensor g = grad;
        if (decoupled)
        {
            if (_weightDecay != 0)
            {
                using var shrink = (1 - LearningRate * _weightDecay).ToScalar();
                p.mul_(shrink);
            }
        }
        else g = WithDecay(p, grad);
        double bc1 = 1 - Math.Pow(_beta1, _step), bc2 = 1 - Math.Pow(_beta2, _step);
        using (var b1 = _beta1.ToScalar())
        using (var oneMinusB1 = (1 - _beta1).ToScalar())
            m.mul_(b1).add_(g, alpha: oneMinusB1);
        using (var b2 = _beta2.ToScalar())
        using (var oneMinusB2 = (1 - _beta2).ToScalar())
            v.mul_(b2).addcmul_(g, g, value: oneMinusB2);
        using var sqrtBc2 = Math.Sqrt(bc2).ToScalar();
        using var eps = AdamEps.ToScalar();
        var denom = v.sqrt().div_(sqrtBc2).add_(eps, Scalars.One);
        using var stepSize = (-LearningRate / bc1).ToScalar();
        p.addcdiv_(m, denom, value: stepSize);
    }

    private void RmsProp(Parameter p, Tensor grad, Tensor? buffer, Tensor squareAverage)
    {
        var g = WithDecay(p, grad);
        using (var alpha = RmsAlpha.ToScalar())
        using (var oneMinusAlpha = (1 - RmsAlpha).ToScalar())
            squareAverage.mul_(alpha).addcmul_(g, g, value: oneMinusAlpha);
        using var eps = RmsEps.ToScalar();
        var avg = squareAverage.sqrt().add_(eps, Scalars.One);
        using var minusLr = (-LearningRate).ToScalar();
        if (buffer is not null)
        {
            using var m = _momentum.ToScalar();
            buffer.mul_(m).addcdiv_(g, avg, value: Scalars.One);
            p.add_(buffer, alpha: minusLr);
        }
        else p.addcdiv_(g, avg, value: minusLr);
    }

    private void Adagrad(Parameter p, Tensor grad, Tensor sum)
    {
        var g = WithDecay(p, grad);
        sum.addcmul_(g, g, value: Scalars.One);
        using var eps = AdagradEps.ToScalar();
        var std = sum.sqrt().add_(eps, Scalars.One);
        using var minusLr = (-LearningRate).ToScalar();
        p.addcdiv_(g, std, value: minusLr);
    }

    private void Adadelta(Parameter p, Tensor grad, Tensor squareAverage, Tensor accDelta)
    {
        var g = WithDecay(p, grad);
        using var rho = AdadeltaRho.ToScalar();
        using var oneMinusRho = (1 - AdadeltaRho).ToScalar();
        using var eps = AdadeltaEps.ToScalar();
        squareAverage.mul_(rho).addcmul_(g, g, value: oneMinusRho);
        var std = squareAverage.add(eps, Scalars.One).sqrt_();
        var delta = accDelta.add(eps, Scalars.One).sqrt_().div_(std).mul_(g);
        accDelta.mul_(rho).addcmul_(delta, delta, value: oneMinusRho);
        using var minusLr = (-LearningRate).ToScalar();
        p.add_(delta, alpha: minusLr);
    }

    public void Dispose()
    {
        foreach (var t in _state1) t?.Dispose();
        foreach (var t in _state2) t?.Dispose();
    }
}
