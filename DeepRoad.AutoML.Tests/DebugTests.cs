using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Featurization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace DeepRoad.AutoML.Tests;

public sealed class DebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug_Features()
    {
        var csv = CsvText.Read(TestData.Shipped("iris", "train.csv"));
        var schema = SchemaInferrer.Infer(csv, "species", AutoMLTask.Auto);
        var table = RawTable.FromCsv(csv, schema, true);
        var ml = new MLContext(1);
        var view = new TableDataView(table);
        output.WriteLine(string.Join(", ", view.Schema.Select(c => c.Name + ":" + c.Type)));
        foreach (var row in view.Preview(3).RowView) output.WriteLine(string.Join(" ", row.Values.Select(kv => kv.Key + "=" + kv.Value)));
        var est = FeaturizerFactory.Build(ml, schema, new FeaturizerOptions());
        var t = est.Fit(view).Transform(view);
        foreach (var f in t.GetColumn<VBuffer<float>>("Features").Take(3)) output.WriteLine(string.Join(" ", f.DenseValues()));
        foreach (var f in t.GetColumn<uint>("Label").Take(5)) output.WriteLine(f.ToString());
        var model = est.Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()).Fit(view);
        var scored = model.Transform(view);
        foreach (var f in scored.GetColumn<VBuffer<float>>("Score").Take(5)) output.WriteLine("score " + string.Join(" ", f.DenseValues()));
        var m = DeepRoad.AutoML.Evaluation.ScoreReader.Read(scored, schema.Task, 3);
        output.WriteLine("matrix " + string.Join(" ", m.Values.Take(15)));
    }
}
