using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>
/// Proves the stacking meta-learner never sees a row's own in-fold prediction: a member that memorises its
/// training rows (exact label for a row it saw, 0.5 otherwise) must have out-of-fold predictions of exactly 0.5
/// for every row, in every layer, while its refit on all rows reproduces the training labels.
/// </summary>
public sealed class LeakageTests
{
    [Fact]
    public void Stacking_MemorisingMember_OutOfFoldNeverSawItsRow()
    {
        var ctx = Fitted.Context;
        var set = Fitted.Data("breast_cancer");
        var memo = new EnsembleMember("memoriser", c => new MemoriserEstimator(c));
        var options = new StackingOptions
        {
            LayerMembers = [[memo, Members.Get(MemberTrainer.LightGbm, set.Task)], [memo, Members.Get(MemberTrainer.Sdca, set.Task)]],
            Folds = 4,
            Seed = 11,
            BagMembers = false, // refit on all rows (2-layer stacks bag by default)
        };
        var model = ctx.DeepRoad().Ensembles.Stacking(options).Fit(set.Train);

        var labels = TestData.Labels(set.Train);
        foreach (var layer in new[] { 1, 2 })
        {
            var oof = model.OutOfFold.Single(o => o.Name == "memoriser" && o.Layer == layer).Predictions;
            Assert.Equal(labels.Length, oof.Rows);
            Assert.All(Enumerable.Range(0, oof.Rows), i => Assert.Equal(0.5f, oof[i, 1]));
        }

        // The refit memoriser (layer 1) saw every row: in-sample it returns the labels exactly.
        var inSample = model.PredictMembers(set.Train).Single(m => m.Name == "L1/memoriser").Predictions;
        Assert.All(Enumerable.Range(0, labels.Length), i => Assert.Equal(labels[i], inSample[i, 1]));

        // The meta-learner learnt nothing from the memoriser, so the stack still generalises.
        Assert.True(Fitted.TestScore(model, "breast_cancer") > 0.98);
    }

    [Fact]
    public void Stacking_Bagged_MemorisingMember_FoldAverageSawEachRowInAllButOneFold()
    {
        var set = Fitted.Data("breast_cancer");
        var memo = new EnsembleMember("memoriser", c => new MemoriserEstimator(c));
        var model = Fitted.Context.DeepRoad().Ensembles.Stacking(new StackingOptions
        {
            LayerMembers = [[memo, Members.Get(MemberTrainer.LightGbm, set.Task)], [Members.Get(MemberTrainer.Sdca, set.Task)]],
            Folds = 4,
            Seed = 11,
        }).Fit(set.Train);
        var labels = TestData.Labels(set.Train);
        var oof = model.OutOfFold.Single(o => o.Name == "memoriser" && o.Layer == 1).Predictions;
        Assert.All(Enumerable.Range(0, oof.Rows), i => Assert.Equal(0.5f, oof[i, 1]));
        // Bagged by default with 2 layers: the member is the average of its 4 fold models; 3 of them saw a training
        // row (its label) and 1 did not (0.5). A refit on all rows would give the label itself.
        var inSample = model.PredictMembers(set.Train).Single(m => m.Name == "L1/memoriser").Predictions;
        Assert.All(Enumerable.Range(0, labels.Length), i => Assert.Equal((3 * labels[i] + 0.5f) / 4, inSample[i, 1], 5));
    }

    /// <summary>Returns the label of a row it was trained on (matched by its features) and 0.5 for unseen rows.</summary>
    private sealed class MemoriserEstimator(MLContext context) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            var seen = new Dictionary<string, bool>();
            using (var cursor = input.GetRowCursor(input.Schema))
            {
                var f = cursor.GetGetter<VBuffer<float>>(input.Schema["Features"]);
                var l = cursor.GetGetter<bool>(input.Schema["Label"]);
                VBuffer<float> features = default;
                bool label = false;
                while (cursor.MoveNext())
                {
                    f(ref features);
                    l(ref label);
                    seen[Key(features.DenseValues())] = label;
                }
            }
            return Mapping(seen).Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => Mapping([]).GetOutputSchema(inputSchema);

        private IEstimator<ITransformer> Mapping(Dictionary<string, bool> seen) =>
            context.Transforms.CustomMapping<MemoIn, MemoOut>((i, o) =>
            {
                o.Probability = seen.TryGetValue(Key(i.Features), out var label) ? (label ? 1f : 0f) : 0.5f;
                o.Score = o.Probability - 0.5f;
                o.PredictedLabel = o.Probability > 0.5f;
            }, null);

        private static string Key(IEnumerable<float> values) => string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
    }

    public sealed class MemoIn { [VectorType(30)] public float[] Features { get; set; } = []; }

    public sealed class MemoOut
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }
}
