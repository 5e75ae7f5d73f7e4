using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Kiln.Server.Tests.Support;

/// <summary>A real SMTP server for one test: Debian's python3-aiosmtpd (installed by scripts/install-deps.sh) on a
/// free loopback port, storing what it accepts in a Maildir of its own. The mails are read back with MimeKit.</summary>
public sealed class TestSmtp : IAsyncDisposable
{
    private readonly Process _process;
    private TestSmtp(Process process, int port, string maildir) => (_process, Port, Maildir) = (process, port, maildir);

    public int Port { get; }
    public string Maildir { get; }

    public static async Task<TestSmtp> StartAsync()
    {
        // Python's Maildir creates its new/cur/tmp only when the directory itself does not exist yet.
        var maildir = Path.Combine(Directory.CreateTempSubdirectory("kiln-smtp-").FullName, "mail");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir }) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("/usr/bin/python3 did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var smtp = new TestSmtp(process, port, maildir);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("aiosmtpd exited: install python3-aiosmtpd (scripts/install-deps.sh)");
            try { using var c = new TcpClient(); await c.ConnectAsync(IPAddress.Loopback, port); return smtp; }
            catch (SocketException) when (DateTime.UtcNow < deadline) { await Task.Delay(100); }
        }
    }

    public IReadOnlyList<MimeMessage> Messages()
    {
        var dir = Path.Combine(Maildir, "new");
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Order().Select(f => MimeMessage.Load(f)).ToList() : [];
    }

    public string AllText() =>
        string.Join("\n", Directory.Exists(Path.Combine(Maildir, "new")) ? Directory.GetFiles(Path.Combine(Maildir, "new")).Select(File.ReadAllText) : []);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
        _process.Dispose();
        try { Directory.Delete(Path.GetDirectoryName(Maildir)!, true); } catch (IOException) { }
    }
}
