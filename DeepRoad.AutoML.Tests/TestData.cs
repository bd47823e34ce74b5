using DeepRoad.Pipelines;

namespace DeepRoad.AutoML.Tests;

/// <summary>Finds shipped (data/) and shared (../shared/data) datasets by walking up to DeepRoad.sln.</summary>
internal static class TestData
{
    public static string Root
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "DeepRoad.sln"))) return d.FullName;
            throw new DirectoryNotFoundException("DeepRoad.sln not found above the test binary.");
        }
    }

    public static string Shipped(string set, string file) => Path.Combine(Root, "data", set, file);

    /// <summary>An experiment over a shipped set's training file (label and trainers given) and its loaded data, for trainer-choice tests.</summary>
    public static (AutoMLExperiment Experiment, Data.TrainingSet Data) Experiment(string set, string label, params AutoMLTrainer[] trainers)
    {
        var ml = new Microsoft.ML.MLContext(0);
        var o = new AutoMLOptions { LabelColumn = label, Trainers = trainers };
        return (ml.DeepRoad().AutoML(o), Data.AutoMLData.Load(ml, Shipped(set, "train.csv"), o));
    }

    public static string? Shared(string set, string file)
    {
        foreach (var p in new[] { Path.Combine(Root, "..", "shared", "data", set, file), Path.Combine("/work/shared/data", set, file) })
            if (File.Exists(p)) return Path.GetFullPath(p);
        return null;
    }

    /// <summary>This test run's scratch folder, deleted when the test host exits (every run used to leave its studies,
    /// reports and models behind in /tmp: 771 MB after a few weeks of runs).</summary>
    private static readonly Lazy<string> RunDir = new(() =>
    {
        var d = Path.Combine(Path.GetTempPath(), "deeproad-automl-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(d, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return d;
    });

    public static string TempDir()
    {
        var d = Path.Combine(RunDir.Value, Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }
}
