using DeepRoad.Pipelines;

namespace DeepRoad.Tests.Core;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"deeproad-atomic-{Guid.NewGuid():N}");

    public AtomicFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_ReplacesTheFile_AndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_dir, "sub", "model.zip");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.Write(path, s => s.Write("second, longer"u8));
        Assert.Equal("second, longer", File.ReadAllText(path));
        Assert.Equal(["model.zip"], Directory.GetFiles(Path.Combine(_dir, "sub")).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_ThatFailsHalfWay_KeepsTheOldFileWhole_AndCleansUp()
    {
        string path = Path.Combine(_dir, "report.html");
        AtomicFile.WriteAllText(path, "<html>old</html>");
        var ex = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("<html>half of the n"u8);
            throw new InvalidOperationException("serializer failed");
        }));
        Assert.Equal("serializer failed", ex.Message);
        Assert.Equal("<html>old</html>", File.ReadAllText(path));
        Assert.Equal(["report.html"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteAllText_IsUtf8WithoutAByteOrderMark()
    {
        string path = Path.Combine(_dir, "leaderboard.csv");
        AtomicFile.WriteAllText(path, "prénom,ø\n");
        var bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal("prénom,ø\n", System.Text.Encoding.UTF8.GetString(bytes));
    }
}
