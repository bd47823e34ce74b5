using DeepRoad.Pipelines;

namespace DeepRoad.Cli;

/// <summary>Which exceptions are the user's input errors (print the message, exit non-zero, no stack trace).</summary>
public static class CliErrors
{
    /// <summary>True for errors caused by a bad file, column or option.</summary>
    public static bool IsUserError(Exception ex) =>
        ex is DeepRoadDataException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidOperationException or OperationCanceledException;
}
