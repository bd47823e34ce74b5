using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Loading;

/// <summary>A folder of images (one sub-folder per class, or images alone) read by DataLoader like a file.</summary>
public sealed class ImageFolderLoadingTests
{
    private readonly MLContext _ml = new(0);

    private static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "deeproad-imagefolder-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    [Fact]
    public void LoadFile_ClassFolders_GiveImagePathsAndTheLabel_LikeTheShippedList()
    {
        var folder = DataLoader.LoadFile(_ml, DataPaths.Shipped("digits_images/train"), new DataLoadOptions { Label = "digit" });
        var list = DataLoader.LoadFile(_ml, DataPaths.Shipped("digits_images/train.csv"), new DataLoadOptions { Label = "Label" });
        Assert.Equal(list.Schema.RowCount, folder.Schema.RowCount);
        Assert.Equal(ColumnRole.ImagePath, folder.Schema.Columns.Single(c => c.Name == ImageFolder.DefaultPathColumn).Role);
        var label = folder.Schema.Label!;
        Assert.Equal("digit", label.Column);
        Assert.Equal(MLTask.MulticlassClassification, label.Task);
        Assert.Equal(list.Schema.Label!.Classes.Order(), label.Classes.Order());
        // Paths are relative to the folder, class folder first, in ordinal order; they resolve against it.
        var paths = folder.Data.GetColumn<ReadOnlyMemory<char>>(ImageFolder.DefaultPathColumn).Select(p => p.ToString()).ToList();
        Assert.StartsWith("0/", paths[0]);
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        Assert.True(File.Exists(Path.Combine(folder.Schema.BaseDirectory!, paths[0])));
        var labels = folder.Data.GetColumn<ReadOnlyMemory<char>>("digit").Select(l => l.ToString()).ToList();
        Assert.Equal("0", labels[0]);
        Assert.Equal("9", labels[^1]);
    }

    [Fact]
    public void LoadFile_WithTrainingSchema_NamesTheFolderColumnsAsTrainingDid()
    {
        // Trained on the shipped list (ImagePath, Label); scored on the test folder, and on loose images without a label.
        var train = DataLoader.LoadFile(_ml, DataPaths.Shipped("digits_images/train.csv"), new DataLoadOptions { Label = "Label" });
        var test = DataLoader.LoadFile(_ml, DataPaths.Shipped("digits_images/test"), train.Schema);
        Assert.Equal(File.ReadAllLines(DataPaths.Shipped("digits_images/test.csv")).Length - 1, test.Schema.RowCount);
        Assert.NotNull(test.Schema.Label);
        Assert.Equal(["0", "9"], test.Data.GetColumn<ReadOnlyMemory<char>>("Label").Select(l => l.ToString()).Where((_, i) => i is 0 or 99));

        var loose = TempDir();
        foreach (var f in Directory.GetFiles(DataPaths.Shipped("digits_images/test/3")).Take(4)) File.Copy(f, Path.Combine(loose, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(loose, "notes.txt"), "not an image");
        var unlabelled = DataLoader.LoadFile(_ml, loose, train.Schema);
        Assert.Equal(4, unlabelled.Schema.RowCount);
        Assert.DoesNotContain(unlabelled.Data.Schema, c => c.Name == "Label");
        // Paths come back absolute, resolved against the loose folder (a fitted pipeline resolves relative ones against
        // the training data's folder).
        Assert.Equal(ImageFolder.List(loose).Select(r => Path.Combine(loose, r.Path)), unlabelled.Data.GetColumn<ReadOnlyMemory<char>>("ImagePath").Select(p => p.ToString()));
    }

    [Fact]
    public void LoadFile_WithTrainingSchema_ResolvesAListsRelativePathsAgainstItsOwnFolder()
    {
        var train = DataLoader.LoadFile(_ml, DataPaths.Shipped("digits_images/train.csv"), new DataLoadOptions { Label = "Label" });
        var elsewhere = TempDir();
        Directory.CreateDirectory(Path.Combine(elsewhere, "imgs"));
        var source = Directory.GetFiles(DataPaths.Shipped("digits_images/test/5")).Order(StringComparer.Ordinal).First();
        File.Copy(source, Path.Combine(elsewhere, "imgs", "a.png"));
        File.WriteAllLines(Path.Combine(elsewhere, "new.csv"), ["ImagePath", "imgs/a.png"]);
        var rows = DataLoader.LoadFile(_ml, Path.Combine(elsewhere, "new.csv"), train.Schema);
        Assert.Equal(Path.Combine(elsewhere, "imgs", "a.png"), rows.Data.GetColumn<ReadOnlyMemory<char>>("ImagePath").Single().ToString());
    }

    [Fact]
    public void LoadFile_FolderWithoutImages_IsAnErrorNamingIt()
    {
        var empty = TempDir();
        Directory.CreateDirectory(Path.Combine(empty, "cats"));
        File.WriteAllText(Path.Combine(empty, "cats", "readme.md"), "no images here");
        var ex = Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, empty, new DataLoadOptions { Label = "Label" }));
        Assert.Contains(empty, ex.Message);
        Assert.Contains("no images", ex.Message);
        Assert.Equal(empty, ex.File);
    }
}
