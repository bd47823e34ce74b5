namespace DeepRoad.Ensembles;

/// <summary>Standard ML.NET trainers (and DeepRoad's elastic net and k nearest neighbours) offered as ready members by <see cref="EnsembleMembers"/>.</summary>
public enum MemberTrainer
{
    /// <summary>FastTree gradient-boosted trees.</summary>
    FastTree,

    /// <summary>FastForest random forest.</summary>
    FastForest,

    /// <summary>LightGBM gradient boosting.</summary>
    LightGbm,

    /// <summary>SDCA linear model (logistic / maximum entropy / least squares), features normalised.</summary>
    Sdca,

    /// <summary>L-BFGS logistic regression / maximum entropy (classification only), features normalised.</summary>
    Lbfgs,

    /// <summary>DeepRoad's elastic net (regression only; <see cref="ElasticNetEstimator"/>, its penalty cross-validated inside the fit; no example weights).</summary>
    ElasticNet,

    /// <summary>
    /// DeepRoad's k nearest neighbours (<see cref="KNearestNeighborsEstimator"/>: 5 neighbours, uniform votes, Euclidean),
    /// features normalised; any task; no example weights.
    /// </summary>
    KNearestNeighbors,
}
