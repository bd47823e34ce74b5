using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Tests.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Schema;

/// <summary>Columns named like the ones DeepRoad adds (the prepared Label, the Features vector) are loaded under names of their own.</summary>
public sealed class ReservedNameTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _files.Dispose();

    [Fact]
    public void NonLabelColumnsNamedLabelOrFeatures_AreLoadedAsTheirOwnColumns_AndFeedTheFeatureVector()
    {
        var path = _files.Write("listings.csv",
            "Features,Label,Features_column,price\n3,brand a,1,10\n5,brand b,1,20\n3,brand a,2,15\n6,brand b,4,25\n2,brand a,2,8\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "price", Task = MLTask.Regression });
        var s = data.Schema;
        // A source column already has the name "Features_column": the renamed one takes the next free name.
        Assert.Equal(["Features_column_", "Label_column", "Features_column", "price"], s.Columns.Select(c => c.Name));
        Assert.Equal(["Features", "Label", null, null], s.Columns.Select(c => c.SourceColumn));
        Assert.Equal(["Features", "Label", "Features_column", "price"], s.Columns.Select(c => c.SourceName));
        Assert.Same(s.Columns[0], s["Features"]);
        Assert.Contains("loaded as 'Features_column_'", s["Features"].Reason);
        Assert.Equal([3f, 5f, 3f, 6f, 2f], ViewReader.Singles(data.Data, "Features_column_"));

        // Label preparation and the featurizer add Label and Features beside them: the vector holds all three inputs.
        var prepared = data.WithPreparedLabel(_ml);
        var featurized = DefaultFeaturizer.Build(_ml, s, new FeaturizerOptions { Normalizer = NormalizerKind.None }).Fit(prepared).Transform(prepared);
        Assert.Equal([10f, 20f, 15f, 25f, 8f], featurized.GetColumn<float>("Label").ToArray());
        var first = featurized.GetColumn<VBuffer<float>>("Features").First().DenseValues().ToArray();
        Assert.Contains(3f, first); // the source's Features value
        Assert.Contains(1f, first); // Features_column
        Assert.Equal(4, first.Length); // two numbers and the two brands one-hot

        // Prediction-time files carry the source's names; a missing one is named as in the source.
        var test = DataLoader.LoadFile(_ml, _files.Write("new.csv", "Features,Label,Features_column\n7,brand b,6\n"), s);
        Assert.Equal([7f], ViewReader.Singles(test.Data, "Features_column_"));
        var ex = Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, _files.Write("bad.csv", "Label,Features_column\nbrand b,6\n"), s));
        Assert.Contains("column 'Features' is missing", ex.Message);
    }

    [Fact]
    public void TheLabelItself_KeepsAReservedName()
    {
        var path = _files.Write("label.csv", "x,Features\n1,a\n2,b\n3,a\n4,b\n");
        var s = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "Features" }).Schema;
        Assert.Equal(["x", "Features"], s.Columns.Select(c => c.Name));
        Assert.All(s.Columns, c => Assert.Null(c.SourceColumn));
    }
}
