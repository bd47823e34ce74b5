using DeepRoad.Pipelines;

namespace DeepRoad.AutoML;

/// <summary>Adds <c>mlContext.DeepRoad().AutoML(options)</c>.</summary>
public static class AutoMLCatalogExtensions
{
    extension(DeepRoadCatalog catalog)
    {
        /// <summary>An AutoML run with these options; call <see cref="AutoMLExperiment.FitAsync(string, IProgress{AutoMLProgress}?, CancellationToken)"/>.</summary>
        public AutoMLExperiment AutoML(AutoMLOptions options) => new(catalog.Context, options);

        /// <summary>An AutoML run with flat defaults: label column and time budget in seconds.</summary>
        public AutoMLExperiment AutoML(string labelColumn, double timeBudgetSeconds = 60) =>
            new(catalog.Context, new AutoMLOptions { LabelColumn = labelColumn, TimeBudget = TimeSpan.FromSeconds(timeBudgetSeconds) });
    }
}
