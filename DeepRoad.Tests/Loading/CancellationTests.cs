using DeepRoad.Pipelines.Cleaning;
using DeepRoad.Pipelines.Loading;
using Microsoft.ML;

namespace DeepRoad.Tests.Loading;

public sealed class CancellationTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void LoadFile_CancelledToken_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DataLoader.LoadFile(_ml, DataPaths.Shared("adult/train.csv"), null, cts.Token));
    }

    [Fact]
    public void DataCleanerFit_CancelledToken_Throws()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" });
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DataCleaner.Fit(_ml, data.Data, data.Schema, null, cts.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => DataCleaner.Fit(_ml, data.Data, data.Schema, CleaningOptions.Minimal with { Imputation = ImputationKind.Mean }, cts.Token));
    }
}
