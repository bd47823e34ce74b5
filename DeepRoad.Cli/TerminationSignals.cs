using System.Runtime.InteropServices;

namespace DeepRoad.Cli;

/// <summary>
/// Ctrl+C and SIGTERM for a command that has work to save. The first signal cancels <see cref="Token"/> and keeps the
/// process alive, so a search ends with the trials that finished and still writes its model, leaderboard and report.
/// A second signal is left to the runtime, which ends the process at once (files are written whole or not at all, see
/// <see cref="DeepRoad.Pipelines.AtomicFile"/>).
/// </summary>
/// <remarks>
/// System.CommandLine's own handling (<c>ProcessTerminationTimeout</c>, two seconds by default) ends the invocation that
/// long after the signal whether or not the command has finished, which cut AutoML off between its model and its report.
/// </remarks>
public sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter _messages;
    private int _received;

    /// <summary>Listens for SIGINT and SIGTERM; <paramref name="outer"/> cancels <see cref="Token"/> as well.</summary>
    public TerminationSignals(CancellationToken outer, TextWriter messages)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _messages = messages;
        if (OperatingSystem.IsBrowser() || OperatingSystem.IsWasi()) return;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
    }

    /// <summary>Cancelled by the first signal or by the outer token.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>The first signal received, if any.</summary>
    public PosixSignal? Received { get; private set; }

    /// <summary>How the messages name <see cref="Received"/>: "Ctrl+C" for SIGINT, else the signal's name.</summary>
    public string? ReceivedName => Received is { } s ? Name(s) : null;

    private static string Name(PosixSignal s) => s == PosixSignal.SIGINT ? "Ctrl+C" : s.ToString();

    /// <summary>The shell's exit code for a process stopped by <see cref="Received"/>: 128 + the signal number (130 for SIGINT, 143 for SIGTERM).</summary>
    public int? ExitCode => Received switch { PosixSignal.SIGINT => 130, PosixSignal.SIGTERM => 143, null => null, _ => 1 };

    /// <summary>Handles one signal: the first cancels the token and keeps the process, the next ones end it.</summary>
    internal void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            context.Cancel = false;
            return;
        }
        context.Cancel = true;
        Received = context.Signal;
        string name = Name(context.Signal);
        try
        {
            _messages.WriteLine($"{name}: stopping. The running work is cancelled and what has finished is saved; " +
                $"{(context.Signal == PosixSignal.SIGINT ? "press Ctrl+C" : "send it")} again to quit at once.");
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        // The token is cancelled at once; its callbacks (ML.NET contexts, trial tokens) run on the thread pool, not on
        // the runtime's signal thread, and a callback that throws cannot take the process down from here.
        try { _ = _cts.CancelAsync(); }
        catch (ObjectDisposedException) { } // the command had already finished
    }

    /// <summary>Stops listening; later signals get the runtime's default handling.</summary>
    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _registrations.Clear();
        _cts.Dispose();
    }
}
