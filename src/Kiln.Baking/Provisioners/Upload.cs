using System.Formats.Tar;
using Kiln.Baking.Processes;
using Kiln.Baking.Ssh;

namespace Kiln.Baking.Provisioners;

/// <summary>Moves files over plain `ssh` streams (`cat`, `tar` on the instance): no sftp-server or scp needed on the
/// image, and one code path for files and directories.</summary>
public static class Upload
{
    /// <summary><paramref name="executable"/>: mode 0755 after the upload, in the same round trip (Packer's shell
    /// provisioner chmods each script it uploads).</summary>
    public static async Task BytesAsync(SshTarget target, byte[] content, string remotePath, CancellationToken ct, bool executable = false) =>
        await RunAsync(target, Receive(remotePath, executable), Feed(content), ct, "upload");

    /// <summary>The remote shell's side of an upload: the file's directory, the file from stdin, its mode.</summary>
    public static string Receive(string remotePath, bool executable = false)
    {
        var q = SshClient.Quote(remotePath);
        return $"mkdir -p \"$(dirname {q})\" && cat > {q}" + (executable ? $" && chmod 0755 {q}" : "");
    }

    /// <summary>Bytes for a child's stdin.</summary>
    public static Func<Stream, CancellationToken, Task> Feed(byte[] content) => (s, t) => s.WriteAsync(content, t).AsTask();

    public static async Task FileAsync(SshTarget target, string localPath, string remotePath, CancellationToken ct)
    {
        await RunAsync(target, Receive(remotePath), async (s, t) =>
        {
            await using var file = File.OpenRead(localPath);
            await file.CopyToAsync(s, t);
        }, ct, "upload");
    }

    /// <summary>The directory's contents (not the directory itself) into <paramref name="remoteDirectory"/>.</summary>
    public static async Task DirectoryAsync(SshTarget target, string localDirectory, string remoteDirectory, CancellationToken ct)
    {
        var q = SshClient.Quote(remoteDirectory);
        await RunAsync(target, $"mkdir -p {q} && tar -C {q} -xf -",
            (s, t) => TarFile.CreateFromDirectoryAsync(localDirectory, s, includeBaseDirectory: false, t), ct, "upload");
    }

    public static async Task DownloadAsync(SshTarget target, string remotePath, string localPath, CancellationToken ct)
    {
        var q = SshClient.Quote(remotePath);
        var isDirectory = (await SshClient.RunAsync(target, $"test -d {q}", (_, _) => { }, ct)).ExitCode == 0;
        var errors = new List<string>();
        var spec = SshClient.Command(target, isDirectory ? $"tar -C {q} -cf - ." : $"cat {q}") with
        {
            StandardOutput = isDirectory
                ? (s, t) => { Directory.CreateDirectory(localPath); return TarFile.ExtractToDirectoryAsync(s, localPath, overwriteFiles: true, t); }
                : async (s, t) =>
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(localPath))!);
                    await using var file = File.Create(localPath);
                    await s.CopyToAsync(file, t);
                },
        };
        var result = await ChildProcess.RunAsync(spec, (_, l) => errors.Add(l), ct);
        if (result.ExitCode != 0) throw new ProcessFailedException("download", result.ExitCode, string.Join(" / ", errors.TakeLast(2)));
    }

    private static async Task RunAsync(SshTarget target, string command, Func<Stream, CancellationToken, Task> input,
        CancellationToken ct, string what)
    {
        var errors = new List<string>();
        var result = await ChildProcess.RunAsync(SshClient.Command(target, command) with { StandardInput = input }, (_, l) => errors.Add(l), ct);
        if (result.ExitCode != 0) throw new ProcessFailedException(what, result.ExitCode, string.Join(" / ", errors.TakeLast(2)));
    }
}
