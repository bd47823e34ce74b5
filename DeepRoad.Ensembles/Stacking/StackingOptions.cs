namespace DeepRoad.Ensembles;

/// <summary>Options of <see cref="StackingEstimator"/>.</summary>
public sealed record StackingOptions : EnsembleOptionsBase
{
    /// <summary>Level-0 members (reused in every layer unless <see cref="LayerMembers"/> is set).</summary>
    public IReadOnlyList<EnsembleMember> Members { get; init; } = [];

    /// <summary>Number of stacked layers before the meta-learner (layer k sees layer k-1's out-of-fold outputs plus the original features).</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Explicit members per layer; overrides <see cref="Members"/> and <see cref="Layers"/>.</summary>
    public IReadOnlyList<IReadOnlyList<EnsembleMember>>? LayerMembers { get; init; }

    /// <summary>Folds for out-of-fold predictions (stratified for classification).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Repeats of the k-fold split (out-of-fold predictions are averaged over repeats).</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>
    /// AutoGluon-style bagging: keep the k x repeats fold models of each member and average them, instead of refitting
    /// on all rows. null (default) = bagged when there is more than one layer, refitted otherwise (scikit-learn's way).
    /// With several layers, a refitted member predicts test rows more confidently than the out-of-fold predictions the
    /// next layer learnt from; the fold average keeps train and test inputs of the next layer alike. Measured on
    /// data/diabetes and data/sacramento (3 seeds each): 2-layer stacking 53.97 -> 52.94 and 78956 -> 76834 mean RMSE.
    /// Bagging costs k x the prediction time and model size of refitting, and saves one fit per member.
    /// </summary>
    public bool? BagMembers { get; init; }

    internal bool ResolvedBagMembers() => BagMembers ?? ResolvedLayers().Count > 1;

    /// <summary>
    /// With several layers, the meta-learner sees the out-of-fold outputs of every layer, not only the last (skip
    /// connections), so it can fall back on layer 1 where a later layer overfits. Default false (the layout).
    /// </summary>
    public bool MetaLearnerSeesAllLayers { get; init; }

    /// <summary>The meta-learner also sees the original features.</summary>
    public bool Passthrough { get; init; }

    /// <summary>
    /// The meta-learner; null = the default: L2-regularised logistic regression (binary) or maximum entropy (multiclass),
    /// and ridge regression with its penalty chosen by leave-one-out error (regression). See <see cref="CrossValidateMetaLearner"/>.
    /// </summary>
    public EnsembleMember? MetaLearner { get; init; }

    /// <summary>
    /// With the default meta-learner (<see cref="MetaLearner"/> null), choose the classification meta-learner's L2 penalty
    /// by inner stratified cross-validation (log loss, <see cref="Folds"/> folds) on the out-of-fold matrix
    /// (<see cref="MetaLearners.CrossValidated"/>) instead of a fixed L2 = 1. Regression always picks ridge's penalty by
    /// leave-one-out error. Default false, like scikit-learn's StackingClassifier (LogisticRegression, C = 1): on
    /// breast_cancer, wine and adult the inner search changed no test score beyond noise (benchmarks/results/ensembles.md)
    /// and costs folds x 6 extra meta-learner fits.
    /// </summary>
    public bool CrossValidateMetaLearner { get; init; }

    internal IReadOnlyList<IReadOnlyList<EnsembleMember>> ResolvedLayers() =>
        LayerMembers ?? Enumerable.Repeat(Members, Math.Max(1, Layers)).ToArray();

    internal override void Validate()
    {
        base.Validate();
        if (LayerMembers is { Count: 0 }) throw new ArgumentException("LayerMembers: at least one layer is required.", nameof(LayerMembers));
        if (LayerMembers is null)
        {
            if (Layers < 1) throw new ArgumentException($"Layers must be at least 1 (got {Layers}).", nameof(Layers));
            ValidateMembers(Members, nameof(Members));
        }
        else
        {
            for (int l = 0; l < LayerMembers.Count; l++) ValidateMembers(LayerMembers[l], $"LayerMembers[{l}]");
        }
        if (Folds < 2) throw new ArgumentException($"Folds must be at least 2 (got {Folds}).", nameof(Folds));
        if (Repeats < 1) throw new ArgumentException($"Repeats must be at least 1 (got {Repeats}).", nameof(Repeats));
    }
}
