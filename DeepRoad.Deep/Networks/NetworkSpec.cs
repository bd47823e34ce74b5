using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Networks;

/// <summary>
/// The architecture of a deep model: a serialisable description that builds a fresh TorchSharp module mapping a
/// [batch, inputSize] float tensor to [batch, outputs] logits (or values for regression).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(MlpSpec), "mlp")]
[JsonDerivedType(typeof(CnnSpec), "cnn")]
[JsonDerivedType(typeof(RecurrentSpec), "rnn")]
public abstract record NetworkSpec
{
    /// <summary>Builds the module with fresh weights (seeded through torch.manual_seed by the caller).</summary>
    /// <param name="inputSize">Width of the input row (features plus categorical codes, pixels or token ids).</param>
    /// <param name="outputs">Number of outputs (1 for binary and regression, k for multiclass).</param>
    /// <param name="categoricalCardinalities">Cardinalities of the trailing categorical codes (MLP only).</param>
    public abstract nn.Module<Tensor, Tensor> Build(int inputSize, int outputs, IReadOnlyList<int> categoricalCardinalities);

    /// <summary>Whether numeric inputs are standardised (mean 0, variance 1, fitted on training rows).</summary>
    [JsonIgnore]
    public virtual bool StandardizesInputs => false;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public abstract void Validate();

    internal static nn.Module<Tensor, Tensor> MakeActivation(Activation a) => a switch
    {
        Activation.ReLU => nn.ReLU(),
        Activation.GELU => nn.GELU(),
        Activation.Tanh => nn.Tanh(),
        Activation.Sigmoid => nn.Sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, null),
    };
}
