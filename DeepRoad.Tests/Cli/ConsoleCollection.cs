namespace DeepRoad.Tests.Cli;

/// <summary>
/// Tests that redirect the process-wide Console or run a CLI command run alone: <see cref="CliRunner"/> swaps Console.Out
/// for a writer it disposes afterwards, and a command running in parallel that writes to it gets an
/// ObjectDisposedException (an InvalidOperationException, which the CLI reports as a user error, exit code 2).
/// </summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;
