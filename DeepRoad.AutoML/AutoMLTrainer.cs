namespace DeepRoad.AutoML;

/// <summary>Trainer families AutoML searches over.</summary>
public enum AutoMLTrainer
{
    /// <summary>Regularised linear model trained by L-BFGS (logistic / maximum entropy; not for regression).</summary>
    LbfgsLinear,
    /// <summary>Linear model trained by SDCA (logistic / maximum entropy / least squares).</summary>
    SdcaLinear,
    /// <summary>LightGBM gradient-boosted trees.</summary>
    LightGbm,
    /// <summary>ML.NET FastTree (MART) gradient-boosted trees; one-versus-all for multiclass.</summary>
    FastTree,
    /// <summary>ML.NET FastForest random forest; one-versus-all for multiclass, Platt-calibrated.</summary>
    FastForest,
    /// <summary>TorchSharp multi-layer perceptron (needs <see cref="AutoMLOptions.AllowDeepModels"/>).</summary>
    Mlp,
    /// <summary>TorchSharp LSTM/GRU over the tokens of the first text column (needs <see cref="AutoMLOptions.AllowDeepModels"/> and a text column).</summary>
    Recurrent,
    /// <summary>TorchSharp CNN over the pixels of the first image-path column (needs <see cref="AutoMLOptions.AllowDeepModels"/> and an image column).</summary>
    Cnn,
}
