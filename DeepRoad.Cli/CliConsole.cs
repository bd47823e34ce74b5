using Spectre.Console;

namespace DeepRoad.Cli;

/// <summary>Spectre.Console consoles for the commands.</summary>
internal static class CliConsole
{
    /// <summary>
    /// A console on the current <see cref="Console.Out"/>, made per command run: the static <see cref="AnsiConsole.Console"/>
    /// keeps the first writer it saw, which breaks when a host (a test, an embedding app) redirects Console.Out later.
    /// Wide enough for the tables when the output is redirected.
    /// </summary>
    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (Console.IsOutputRedirected || console.Profile.Width < 120) console.Profile.Width = 200;
        return console;
    }
}
