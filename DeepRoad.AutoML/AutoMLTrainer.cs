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
    /// <summary>
    /// DeepRoad.Ensembles' extremely randomized trees (scikit-learn's ExtraTrees): random thresholds on random features,
    /// averaged over unpruned trees. Not searched by default on data with a text column (dense copies of tens of
    /// thousands of n-gram slots); name it in <see cref="AutoMLOptions.Trainers"/> to search it there.
    /// </summary>
    ExtraTrees,
    /// <summary>
    /// DeepRoad.Ensembles' complement or multinomial naive Bayes (scikit-learn's ComplementNB / MultinomialNB) over
    /// TF-IDF n-grams; classification only. Searched by default where the inputs are text (with categorical or boolean
    /// columns at most): numeric columns can be negative, which naive Bayes' counts cannot.
    /// </summary>
    NaiveBayes,
    /// <summary>
    /// DeepRoad.Ensembles' random forest (scikit-learn's RandomForest): bootstrap samples, the best threshold of a few
    /// random features per split, averaged over unpruned trees. Unlike <see cref="FastForest"/> it splits on exact
    /// values, grows trees to the leaf size rather than to 20 leaves, and handles several classes in one tree. Not
    /// searched by default on data with a text column, for the reason <see cref="ExtraTrees"/> is not.
    /// </summary>
    RandomForest,
    /// <summary>
    /// DeepRoad.Ensembles' elastic-net linear regression (scikit-learn's ElasticNetCV; lasso at L1 ratio 1): coordinate
    /// descent over a path of penalties, the penalty chosen by an inner cross-validation, so that one trial is a tuned
    /// sparse linear model. The search tunes the L1 ratio. Regression only.
    /// </summary>
    ElasticNet,
    /// <summary>
    /// DeepRoad.Ensembles' k nearest neighbours (scikit-learn's KNeighborsClassifier / KNeighborsRegressor; AutoGluon's
    /// default portfolio has them too) on the normalised features: the search tunes k, uniform or inverse-distance
    /// votes, and the Euclidean or Manhattan distance. Searched by default up to
    /// <see cref="Search.AutoMLSpace.NeighborsDefaultMaxRows"/> training rows and without text columns: every scored row
    /// is compared with every training row, and the model holds its training rows.
    /// </summary>
    KNearestNeighbors,
}
