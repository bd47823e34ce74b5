using System.CommandLine;
using DeepRoad.Cli.Commands;

namespace DeepRoad.Cli;

/// <summary>Builds the command tree. Each command lives in Commands/ and exposes a static Create().</summary>
public static class CliApp
{
    /// <summary>The root command with every sub-command registered.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("DeepRoad: AutoML and ensembles for ML.NET.");
        // One line per command; keep this list sorted by the order users meet them.
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(TuneCommand.Create());
        root.Subcommands.Add(EnsembleCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(AutomlCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.SetAction((_, ct) => DefaultRun.RunAsync(ct));
        return root;
    }

    /// <summary>Parses and runs; returns the process exit code. User errors print a message, not a stack trace.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        // Spectre's static console keeps the first Console.Out it saw; bind it to the current one for this run.
        Spectre.Console.AnsiConsole.Console = CliConsole.Create();
        var root = BuildRoot();
        var parse = root.Parse(args);
        try
        {
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (CliErrors.IsUserError(ex))
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }
}
