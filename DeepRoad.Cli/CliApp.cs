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
        // Signals are ours, not System.CommandLine's: its handler gives a command two seconds after Ctrl+C and then
        // ends the invocation, which cut AutoML off before its report. The first signal cancels the token and the
        // command saves what has finished; a second one ends the process.
        using var signals = new TerminationSignals(cancellationToken, Console.Error);
        try
        {
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            int code = await parse.InvokeAsync(config, signals.Token).ConfigureAwait(false);
            return ExitCode(code, signals);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            Console.Error.WriteLine(signals.Received is null ? "cancelled." : "stopped before there was anything to save.");
            return signals.ExitCode ?? 130;
        }
        catch (Exception ex) when (CliErrors.IsUserError(ex))
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }

    /// <summary>
    /// A command stopped by a signal exits with the shell's code for it (130 for Ctrl+C, 143 for SIGTERM) even when it
    /// saved its results, so a script can tell a stopped run from a finished one; input errors (2) keep their code.
    /// </summary>
    internal static int ExitCode(int commandCode, TerminationSignals signals)
    {
        if (signals.ExitCode is not { } stopped || commandCode == 2) return commandCode;
        Console.Error.WriteLine($"stopped by {signals.ReceivedName}; the results above were saved.");
        return stopped;
    }
}
