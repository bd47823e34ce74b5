namespace DeepRoad.Tests.Cli;

/// <summary>Tests that redirect the process-wide Console run alone.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;
