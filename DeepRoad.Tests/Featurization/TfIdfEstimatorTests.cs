using DeepRoad.Pipelines.Featurization;
using DeepRoad.Tests.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace DeepRoad.Tests.Featurization;

public sealed class TfIdfEstimatorTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private sealed class CountRow
    {
        [VectorType(5)]
        public float[] Counts { get; set; } = [];
    }

    private IDataView Rows(params float[][] rows) => _ml.Data.LoadFromEnumerable(rows.Select(r => new CountRow { Counts = r }).ToList());

    private static readonly float[][] Train = [[1, 3, 1, 0, 0], [0, 1, 0, 2, 0], [0, 0, 0, 0, 1], [2, 0, 0, 0, 5]];

    private static float[][] Read(IDataView view)
    {
        var rows = new List<float[]>();
        using var cursor = view.GetRowCursor([view.Schema["Counts"]]);
        var getter = cursor.GetGetter<VBuffer<float>>(view.Schema["Counts"]);
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            rows.Add(buffer.DenseValues().ToArray());
        }
        return [.. rows];
    }

    // Expected rows: scikit-learn 1.2's TfidfTransformer(sublinear_tf=...) fitted on Train (smooth IDF, L2 norm), rounded to 6 places.
    [Theory]
    [InlineData(true, new[] { 0.377615f, 0.792469f, 0.478957f, 0f, 0f }, new[] { 0f, 0.918484f, 0f, 0.395457f, 0f })]
    [InlineData(false, new[] { 0.293499f, 0.880498f, 0.372266f, 0f, 0f }, new[] { 0f, 0.983977f, 0f, 0.178293f, 0f })]
    public void Fit_MatchesScikitLearnsTfidfTransformer(bool sublinear, float[] firstTrainingRow, float[] newRow)
    {
        var model = new TfIdfEstimator(_ml, "Counts", "Counts", sublinear, smoothIdf: true).Fit(Rows(Train));
        var train = Read(model.Transform(Rows(Train)));
        for (int j = 0; j < 5; j++) Assert.Equal(firstTrainingRow[j], train[0][j], 5);
        var scored = Read(model.Transform(Rows([0, 7, 0, 1, 0])));
        for (int j = 0; j < 5; j++) Assert.Equal(newRow[j], scored[0][j], 5);
        // The model is ML.NET's own transformers: it saves and loads back with the same outputs.
        string path = Path.Combine(_files.Dir, "tfidf.zip");
        _ml.Model.Save(model, Rows(Train).Schema, path);
        var loaded = _ml.Model.Load(path, out _);
        Assert.Equal(train, Read(loaded.Transform(Rows(Train))));
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    [Fact]
    public void Fit_WithoutSublinearEqualsMLNetsOwnTfIdfWeighting()
    {
        // "the" is in every row: ML.NET's IDF, ln(n / df), weighs it 0.
        var texts = _ml.Data.LoadFromEnumerable(new[] { "the cat the cat sat", "the dog", "the cat ran ran ran", "the end" }.Select(t => new TextRow { Text = t }));
        TextFeaturizingEstimator Bag(NgramExtractingEstimator.WeightingCriteria weighting, TextFeaturizingEstimator.NormFunction norm) =>
            _ml.Transforms.Text.FeaturizeText("Counts", new TextFeaturizingEstimator.Options
            {
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1, Weighting = weighting },
                CharFeatureExtractor = null,
                Norm = norm,
            }, "Text");
        var mlnet = Read(Bag(NgramExtractingEstimator.WeightingCriteria.TfIdf, TextFeaturizingEstimator.NormFunction.L2).Fit(texts).Transform(texts));
        var ours = Read(Bag(NgramExtractingEstimator.WeightingCriteria.Tf, TextFeaturizingEstimator.NormFunction.None)
            .Append(new TfIdfEstimator(_ml, "Counts", "Counts", sublinear: false)).Fit(texts).Transform(texts));
        for (int i = 0; i < mlnet.Length; i++)
            for (int j = 0; j < mlnet[i].Length; j++) Assert.Equal(mlnet[i][j], ours[i][j], 5);
        Assert.Equal(0f, ours[0][0]);
        // Sublinear, in the third row: "ran" three times (df 1) against "cat" once (df 2). Slots follow first appearance.
        var sublinear = Read(Bag(NgramExtractingEstimator.WeightingCriteria.Tf, TextFeaturizingEstimator.NormFunction.None)
            .Append(new TfIdfEstimator(_ml, "Counts", "Counts", sublinear: true)).Fit(texts).Transform(texts));
        int cat = 1, ran = 4;
        Assert.Equal((1 + MathF.Log(3)) * MathF.Log(4f / 1) / (1 * MathF.Log(4f / 2)), sublinear[2][ran] / sublinear[2][cat], 4);
    }

    [Fact]
    public void Fit_KeepsASparseRowSparse()
    {
        var model = new TfIdfEstimator(_ml, "Out", "Counts", sublinear: true).Fit(Rows(Train));
        var sparse = new VBuffer<float>(5, 1, [4f], [3]);
        var view = _ml.Data.LoadFromEnumerable(new[] { new SparseRow { Counts = sparse } });
        var output = model.Transform(view);
        using var cursor = output.GetRowCursor([output.Schema["Out"]]);
        var getter = cursor.GetGetter<VBuffer<float>>(output.Schema["Out"]);
        VBuffer<float> buffer = default;
        Assert.True(cursor.MoveNext());
        getter(ref buffer);
        Assert.False(buffer.IsDense);
        Assert.Equal(1, buffer.GetValues().Length);
        Assert.Equal(1f, buffer.GetValues()[0], 5);
        Assert.Equal(3, buffer.GetIndices()[0]);
    }

    private sealed class SparseRow
    {
        [VectorType(5)]
        public VBuffer<float> Counts { get; set; }
    }

    [Fact]
    public void Fit_RejectsAColumnThatIsNotACountVector()
    {
        var view = _ml.Data.LoadFromEnumerable(new[] { new { Counts = 1f } }.Select(r => new ScalarRow { Counts = r.Counts }));
        var ex = Assert.Throws<ArgumentException>(() => new TfIdfEstimator(_ml, "Out", "Counts", sublinear: true).Fit(view));
        Assert.Contains("'Counts'", ex.Message);
        Assert.Throws<ArgumentException>(() => new TfIdfEstimator(_ml, "Out", "Missing", sublinear: true).Fit(Rows(Train)));
    }

    private sealed class ScalarRow
    {
        public float Counts { get; set; }
    }
}
