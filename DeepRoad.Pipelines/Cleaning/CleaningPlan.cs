using System.Globalization;
using System.Text;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Cleaning;

/// <summary>The fitted values of the row-wise cleaning steps, turned into a chain of saveable ML.NET transforms.</summary>
internal sealed class CleaningPlan
{
    public List<string> Drop { get; } = [];

    public List<NumericColumnPlan> Numeric { get; } = [];

    public List<CategoricalColumnPlan> Categorical { get; } = [];

    public const string IndicatorSuffix = "_missing";

    /// <summary>The steps as one estimator chain (for schema propagation without data).</summary>
    public IEstimator<ITransformer> ToEstimator(MLContext ml)
    {
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var step in Steps(ml)) chain = chain.Append(step);
        return chain;
    }

    /// <summary>
    /// The fitted chain. Every step reads only columns of the input as loaded (a column's indicator comes before its
    /// replacement, and replacements keep the type), and none learns anything from data, so each is fitted on the input
    /// alone and the results are chained. Fitting them as an <see cref="EstimatorChain{TLastTransformer}"/> instead passes
    /// the data through every earlier step before each fit, which grows faster than the square of the steps: 118 numeric
    /// columns took 6-7 s per fit that way, 0.05 s this way.
    /// </summary>
    public ITransformer Fit(MLContext ml, IDataView input) =>
        new TransformerChain<ITransformer>(Steps(ml).Select(step => step.Fit(input)).ToArray());

    private IEnumerable<IEstimator<ITransformer>> Steps(MLContext ml)
    {
        if (Drop.Count > 0) yield return ml.Transforms.DropColumns(Drop.ToArray());
        foreach (var n in Numeric)
        {
            if (n.AddIndicator) yield return ml.Transforms.Expression(n.Name + IndicatorSuffix, "(x) => isna(x)", n.Name);
            string body = "x";
            if (n.Lower is { } lo && n.Upper is { } hi)
                body = $"(x < {Float(lo)} ? {Float(lo)} : (x > {Float(hi)} ? {Float(hi)} : x))";
            if (n.Fill is { } fill) body = $"(isna(x) ? {Float(fill)} : {body})";
            if (body != "x") yield return ml.Transforms.Expression(n.Name, "(x) => " + body, n.Name);
        }
        foreach (var c in Categorical)
        {
            if (c.AddIndicator) yield return ml.Transforms.Expression(c.Name + IndicatorSuffix, "(x) => x == \"\"", c.Name);
            string body = "x";
            if (c.Keep is { } keep)
            {
                var cond = new StringBuilder("x == \"\"");
                foreach (var k in keep) cond.Append(" || x == ").Append(Str(k));
                body = $"({cond} ? x : {Str(CleaningOptions.RareCategory)})";
            }
            if (c.Fill is { } fill) body = $"(x == \"\" ? {Str(fill)} : {body})";
            if (body != "x") yield return ml.Transforms.Expression(c.Name, "(x) => " + body, c.Name);
        }
    }

    private static string Float(double v)
        => v < 0 ? "(" + v.ToString("0.0###############", CultureInfo.InvariantCulture) + ")" : v.ToString("0.0###############", CultureInfo.InvariantCulture);

    private static string Str(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

/// <summary>Fitted cleaning of one numeric column.</summary>
internal sealed record NumericColumnPlan(string Name, bool AddIndicator, double? Fill, double? Lower, double? Upper);

/// <summary>Fitted cleaning of one categorical column; <see cref="Keep"/> null means no folding.</summary>
internal sealed record CategoricalColumnPlan(string Name, bool AddIndicator, string? Fill, IReadOnlyList<string>? Keep);
