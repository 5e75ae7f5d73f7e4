using System.Diagnostics;
using Kiln.LocalCloud.Podman;

namespace Kiln.LocalCloud.Setup;

/// <summary>
/// The base image, built once per machine and shared by every KILN_HOME: Debian 12 from debootstrap, made to look
/// like Amazon Linux from the outside (ec2-user with passwordless sudo, python3, /usr/libexec/openssh/sftp-server).
/// </summary>
public static class BaseImage
{
    public const string PodmanName = "localhost/kiln-base:debian-12";
    public const string Family = "kiln-base-debian-12";
    public const string LoginUser = "ec2-user";
    public const int VolumeSizeGb = 8;
    private const string LockFile = "/var/lock/kiln-base-image.lock";

    /// <summary>Marks the imported base image, so a lost tag is restored instead of debootstrapping again;
    /// images committed from instances overwrite it (they inherit their parent's labels).</summary>
    public const string Label = "kiln.base-image";
    public const string LabelValue = "debian-12";

    public static async Task EnsureAsync(PodmanClient podman, TextWriter progress, CancellationToken ct)
    {
        if (await podman.ImageExistsAsync(PodmanName, ct)) return;
        using var held = await MachineLock.AcquireAsync(LockFile, progress, ct);
        if (await podman.ImageExistsAsync(PodmanName, ct)) return; // another process built it while we waited
        var labelled = await podman.ExecAsync(["images", "-q", "--no-trunc", "--filter", $"label={Label}={LabelValue}"], ct);
        if (labelled.Ok && labelled.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries) is [var id, ..])
        {
            progress.WriteLine($"restoring the tag {PodmanName} on the base image built earlier");
            await podman.TagAsync(id.Trim(), PodmanName, ct);
            return;
        }

        var root = Directory.CreateTempSubdirectory("kiln-base-").FullName;
        try
        {
            var mirror = Environment.GetEnvironmentVariable("KILN_DEBIAN_MIRROR") ?? "http://deb.debian.org/debian";
            progress.WriteLine($"building the base image {PodmanName}: debootstrap Debian 12 from {mirror} (about 75 s, once per machine)");
            var clock = Stopwatch.StartNew();
            await Check(ProcessRunner.RunAsync("debootstrap",
                ["--variant=minbase", "--include=openssh-server,python3,sudo", "bookworm", root, mirror], ct), "debootstrap");
            await Check(ProcessRunner.RunAsync("chroot", [root, "/bin/sh", "-c", ConfigureScript], ct), "configuring the base image");
            progress.WriteLine($"debootstrap done in {clock.Elapsed.TotalSeconds:F0} s; importing into podman");
            await Check(ProcessRunner.RunAsync("sh",
                ["-c", "tar -C \"$1\" -c . | podman import --change \"LABEL $3\" - \"$2\"", "sh", root, PodmanName, $"{Label}={LabelValue}"], ct),
                "podman import");
            progress.WriteLine($"base image {PodmanName} ready in {clock.Elapsed.TotalSeconds:F0} s");
        }
        finally
        {
            // debootstrap may leave /proc mounted inside on failure; --one-file-system never follows it out.
            await ProcessRunner.RunAsync("umount", ["-R", Path.Combine(root, "proc")], CancellationToken.None);
            await ProcessRunner.RunAsync("rm", ["-rf", "--one-file-system", root], CancellationToken.None);
        }
    }

    /// <summary>Run inside the new root. Host keys are removed so each instance makes its own, as cloud-init does.</summary>
    private const string ConfigureScript = """
        set -e
        id ec2-user >/dev/null 2>&1 || useradd -m -s /bin/bash ec2-user
        printf 'ec2-user ALL=(ALL) NOPASSWD:ALL\n' > /etc/sudoers.d/90-cloud-init-users
        chmod 440 /etc/sudoers.d/90-cloud-init-users
        mkdir -p /usr/libexec/openssh
        ln -sf /usr/lib/openssh/sftp-server /usr/libexec/openssh/sftp-server
        printf 'PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nUseDNS no\n' \
            > /etc/ssh/sshd_config.d/50-kiln.conf
        rm -f /etc/ssh/ssh_host_*
        apt-get clean
        rm -rf /var/lib/apt/lists/*
        """;

    private static async Task Check(Task<ProcessResult> run, string what)
    {
        var r = await run;
        if (r.Ok) return;
        var tail = string.Join('\n', (r.Stdout + r.Stderr).Split('\n').TakeLast(15));
        throw new InvalidOperationException($"{what} failed (exit {r.ExitCode}):\n{tail}");
    }
}
