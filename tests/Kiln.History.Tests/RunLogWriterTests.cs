using Kiln.Core.Runs;
using Microsoft.Extensions.Time.Testing;
using static Kiln.History.Tests.TestRuns;

namespace Kiln.History.Tests;

public sealed class RunLogWriterTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-runlog-test-").FullName;
    private SqliteRunStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteRunStore(Path.Combine(_dir, "history.db"));
        await _store.CreateRunAsync(Start("r1"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    private Task<IReadOnlyList<LogLine>> Stored() => _store.GetLogAsync(Id("r1"), 0, 1000, CancellationToken.None);

    [Fact]
    public async Task Lines_are_masked_shown_at_once_and_stored_by_dispose()
    {
        var console = new StringWriter();
        await using (var log = new RunLogWriter(_store, Id("r1"), console, new FakeTimeProvider(T0)))
        {
            log.AddSecret("vault-pass-123");
            log.Write("kiln", "starting");
            log.Write("ansible", "TASK [x] using vault-pass-123\r\nok: [host]");
            Assert.Equal("starting\nTASK [x] using ***\nok: [host]\n", console.ToString().ReplaceLineEndings("\n"));
            Assert.Empty(await Stored());
        }
        Assert.Equal([
            new LogLine(1, T0, "kiln", "starting"), new LogLine(2, T0, "ansible", "TASK [x] using ***"), new LogLine(3, T0, "ansible", "ok: [host]"),
        ], await Stored());
    }

    [Fact]
    public async Task Lines_are_stored_every_flush_interval_without_waiting_for_dispose()
    {
        var clock = new FakeTimeProvider(T0);
        await using var log = new RunLogWriter(_store, Id("r1"), null, clock);
        log.Write("kiln", "one");
        clock.Advance(RunLogWriter.FlushInterval);
        Assert.Equal(["one"], (await Eventually(async () => await Stored(), l => l.Count == 1)).Select(l => l.Text));
        log.Write("kiln", "two");
        clock.Advance(RunLogWriter.FlushInterval);
        Assert.Equal(["one", "two"], (await Eventually(async () => await Stored(), l => l.Count == 2)).Select(l => l.Text));
    }

    [Fact]
    public async Task A_failing_store_never_throws_and_is_reported_once()
    {
        // The writer's flush loop reports on the console from its own thread, as Console.Out (synchronized) allows: the
        // test's console is synchronized too, and read under the same lock.
        var sink = new StringWriter();
        var console = TextWriter.Synchronized(sink);
        string Printed() { lock (console) return sink.ToString(); }
        var clock = new FakeTimeProvider(T0);
        // A run the history does not have: every append fails, as it would with a broken database.
        var log = new RunLogWriter(_store, Id("missing"), console, clock);
        log.Write("kiln", "a");
        clock.Advance(RunLogWriter.FlushInterval);
        await Eventually(() => Task.FromResult(Printed()), s => s.Contains("could not be stored"));
        log.Write("kiln", "b");
        clock.Advance(RunLogWriter.FlushInterval);
        await log.DisposeAsync();

        var text = Printed();
        Assert.Single(text.Split('\n'), l => l.Contains("could not be stored"));
        Assert.Contains("2 run log lines were not stored", text);
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var value = await read();
            if (done(value)) return value;
            await Task.Delay(50);
        }
        return await read();
    }
}
