using DeepRoad.Cli;

namespace DeepRoad.Tests.Cli;

/// <summary>Runs the CLI in-process with Console output captured.</summary>
internal static class CliRunner
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args)
    {
        await Gate.WaitAsync();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var @out = new StringWriter();
        using var err = new StringWriter();
        try
        {
            Console.SetOut(@out);
            Console.SetError(err);
            int code = await CliApp.RunAsync(args);
            return (code, @out.ToString(), err.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            Gate.Release();
        }
    }
}
