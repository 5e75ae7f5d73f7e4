using System.Text.Json;
using Kiln.Cli.Commands.Diff;
using Kiln.Core.Inventory;

namespace Kiln.EndToEnd.Tests.Cli;

/// <summary>`kiln diff --json` is written by a serializer made at compile time (the Native AOT build has no other):
/// byte for byte what the reflection-based serializer wrote.</summary>
public sealed class DiffJsonTests
{
    [Fact]
    public void A_difference_is_written_as_the_reflection_based_serializer_wrote_it()
    {
        FileEntry File(string path, string mode, long size) => new(path, "f", mode, "root:root", size, new string('a', 64));
        var diff = new InventoryDifference("hoge-dev-api-base-20261206-0245", "hoge-dev-api-base-20261206-0310",
            new PackagesDifference([new("nginx", "1.22.1-9", "amd64")], [new("td-agent", "4.5.0", "amd64")], [new PackageChange("openssl", "3.0.15", "3.0.17")]),
            new FilesDifference([File("/etc/motd", "644", 12)], [File("/opt/app/old", "600", 3)],
                [new FileChange("/etc/nginx/nginx.conf", ["mode", "content"], File("/etc/nginx/nginx.conf", "644", 100), File("/etc/nginx/nginx.conf", "600", 120))]),
            ["source image ami-1 → ami-2"])
        {
            ChangedTasks = [new AnsibleRecap("dev.yml", 2, [new ChangedTask("all", "common : application users")])],
        };
        var reflection = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };

        Assert.Equal(JsonSerializer.Serialize(diff, reflection), JsonSerializer.Serialize(diff, DiffText.Json));
    }
}
