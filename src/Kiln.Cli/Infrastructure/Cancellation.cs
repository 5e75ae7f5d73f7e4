using System.Runtime.InteropServices;

namespace Kiln.Cli.Infrastructure;

/// <summary>Ctrl-C and SIGTERM cancel the token instead of killing the process, so every cleanup runs.
/// A second Ctrl-C is ignored on purpose: cleanup has its own time budget.</summary>
public sealed class Cancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public Cancellation(CancellationToken outer)
    {
        outer.Register(_source.Cancel);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
                          PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _source.Token;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        if (_source.IsCancellationRequested) return;
        Console.Error.WriteLine("kiln: stopping: cleaning up what this run created…");
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _source.Dispose();
    }
}
