using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.Gce.Images;

/// <summary>
/// Google's public image projects, which gcloud's `images list` asks for. `debian-cloud` holds the local cloud's base
/// image (the machine's podman base, Debian 12) in the family `debian-12`, so `--image-family debian-12
/// --image-project debian-cloud` works unchanged; the others hold nothing here. They are read-only.
/// </summary>
public static class PublicImages
{
    public static readonly IReadOnlySet<string> Projects = new HashSet<string>(StringComparer.Ordinal)
    {
        "cos-cloud", "debian-cloud", "rocky-linux-cloud", "ubuntu-os-cloud", "centos-cloud", "fedora-coreos-cloud",
        "opensuse-cloud", "oracle-linux-cloud", "rhel-cloud", "rhel-sap-cloud", "rocky-linux-accelerator-cloud",
        "suse-cloud", "suse-sap-cloud", "ubuntu-os-accelerator-images", "ubuntu-os-pro-cloud", "windows-cloud",
        "windows-sql-cloud", "ml-images", "almalinux-cloud",
    };

    private const string DebianName = "debian-12-bookworm-v20250610";

    public static readonly GceImageRecord Debian12 = new(
        $"projects/debian-cloud/global/images/{DebianName}", GceCatalog.StableNumber("debian-cloud/" + DebianName), "debian-cloud",
        DebianName, "Debian, Debian GNU/Linux, 12 (bookworm), amd64: the local cloud's base image (sshd, python3, sudo)",
        "debian-12", "READY", new DateTimeOffset(2025, 6, 10, 0, 0, 0, TimeSpan.Zero), 10, null, null, null, null,
        new Dictionary<string, string>(), Hosting.GceJson.EmptyFingerprint, null, Setup.BaseImage.PodmanName, ["us", "eu", "asia"]);

    public static bool IsPublic(string project) => Projects.Contains(project);

    public static IReadOnlyList<GceImageRecord> Of(string project) => project == "debian-cloud" ? [Debian12] : [];
}
