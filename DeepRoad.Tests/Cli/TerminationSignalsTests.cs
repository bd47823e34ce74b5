using System.Runtime.InteropServices;
using DeepRoad.Cli;

namespace DeepRoad.Tests.Cli;

/// <summary>The first signal cancels and keeps the process; the second is left to the runtime (which ends it).</summary>
public sealed class TerminationSignalsTests
{
    [Fact]
    public void FirstSignal_CancelsAndKeepsTheProcess_SecondLetsItEnd()
    {
        var messages = new StringWriter();
        using var signals = new TerminationSignals(CancellationToken.None, messages);
        Assert.Null(signals.ExitCode);

        var first = new PosixSignalContext(PosixSignal.SIGINT);
        signals.OnSignal(first);
        Assert.True(first.Cancel, "the first Ctrl+C must not end the process");
        Assert.True(signals.Token.IsCancellationRequested);
        Assert.Equal(130, signals.ExitCode);
        Assert.Contains("press Ctrl+C again to quit at once", messages.ToString());

        var second = new PosixSignalContext(PosixSignal.SIGTERM);
        signals.OnSignal(second);
        Assert.False(second.Cancel, "the second signal must end the process");
        Assert.Equal(PosixSignal.SIGINT, signals.Received); // the first one decides the exit code
    }

    [Fact]
    public void Sigterm_Exits143_AndTheOuterTokenAlsoCancels()
    {
        using var outer = new CancellationTokenSource();
        using (var signals = new TerminationSignals(outer.Token, TextWriter.Null))
        {
            signals.OnSignal(new PosixSignalContext(PosixSignal.SIGTERM));
            Assert.Equal(143, signals.ExitCode);
        }
        using var quiet = new TerminationSignals(outer.Token, TextWriter.Null);
        outer.Cancel();
        Assert.True(quiet.Token.IsCancellationRequested);
        Assert.Null(quiet.ExitCode); // cancelled by the caller, not by a signal
    }
}
