using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.Tests.Integration;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>What gcloud does not show: Google's error bodies and codes, fingerprints, batches, paging, filters,
/// operations that fail, refusals of unserved methods, state across endpoints.</summary>
[Collection(GceCollection.Name)]
public sealed class GceApiTests(LocalCloudFixture cloud)
{
    private const string P = "projects/kiln-local";
    private const string Z = P + "/zones/us-central1-a";

    [Fact]
    public async Task Errors_are_Googles_bodies_with_the_real_codes_and_reasons()
    {
        using var api = new GceHttp(cloud.Server);
        AssertError(await api.GetAsync($"{Z}/instances/nothing-here"), 404, "notFound");
        AssertError(await api.GetAsync("projects/no-such-project"), 404, "notFound");
        AssertError(await api.GetAsync($"{P}/zones/mars-north1-a/instances"), 404, "notFound");
        AssertError(await api.PostAsync($"{Z}/instances", GceHttp.Instance("Bad_Name")), 400, "invalid");
        var badType = GceHttp.Instance("api-bad-type");
        badType["machineType"] = "zones/us-central1-a/machineTypes/x9-huge";
        var typeError = AssertError(await api.PostAsync($"{Z}/instances", badType), 400, "invalid");
        Assert.Contains("x9-huge", typeError);

        var rule = new { name = "api-fw-twice", allowed = new[] { new { IPProtocol = "tcp", ports = new[] { "22" } } } };
        GceHttp.Ok(await api.PostAsync($"{P}/global/firewalls", rule));
        AssertError(await api.PostAsync($"{P}/global/firewalls", rule), 409, "alreadyExists");
        GceHttp.Ok(await api.DeleteAsync($"{P}/global/firewalls/api-fw-twice"));

        // A call the endpoint does not serve is refused by name, never answered with something made up.
        var reset = AssertError(await api.PostAsync($"{Z}/instances/any/reset", new { }), 400, "badRequest");
        Assert.Contains("compute.instances.reset", reset);
        Assert.Contains("compute.snapshots.list", AssertError(await api.GetAsync($"{P}/global/snapshots"), 400, "badRequest"));
    }

    [Fact]
    public async Task A_stale_fingerprint_is_refused_with_412_and_the_current_one_is_taken()
    {
        using var api = new GceHttp(cloud.Server);
        var op = GceHttp.Ok(await api.PostAsync($"{Z}/instances", GceHttp.Instance("api-fp")));
        Assert.Equal("DONE", op.GetProperty("status").GetString());
        Assert.False(op.TryGetProperty("error", out _), op.ToString());
        var vm = GceHttp.Ok(await api.GetAsync($"{Z}/instances/api-fp"));
        var fingerprint = vm.GetProperty("metadata").GetProperty("fingerprint").GetString()!;
        Convert.FromBase64String(fingerprint); // gcloud decodes fingerprints strictly

        var items = new[] { new { key = "role", value = "web" } };
        GceHttp.Ok(await api.PostAsync($"{Z}/instances/api-fp/setMetadata", new { fingerprint, items }));
        AssertError(await api.PostAsync($"{Z}/instances/api-fp/setMetadata", new { fingerprint, items }), 412, "conditionNotMet");
        var labels = vm.GetProperty("labelFingerprint").GetString();
        GceHttp.Ok(await api.PostAsync($"{Z}/instances/api-fp/setLabels", new { labels = new { env = "dev" }, labelFingerprint = labels }));
        AssertError(await api.PostAsync($"{Z}/instances/api-fp/setLabels", new { labels = new { env = "prd" }, labelFingerprint = labels }), 412, "conditionNotMet");
        var tags = vm.GetProperty("tags").GetProperty("fingerprint").GetString();
        GceHttp.Ok(await api.PostAsync($"{Z}/instances/api-fp/setTags", new { items = new[] { "web" }, fingerprint = tags }));
        AssertError(await api.PostAsync($"{Z}/instances/api-fp/setTags", new { items = new[] { "db" }, fingerprint = tags }), 412, "conditionNotMet");
        AssertError(await api.PostAsync($"{P}/setCommonInstanceMetadata", new { fingerprint = "AAAAAAAAAAA=", items }), 412, "conditionNotMet");

        var now = GceHttp.Ok(await api.GetAsync($"{Z}/instances/api-fp"));
        Assert.Equal("web", now.GetProperty("metadata").GetProperty("items")[0].GetProperty("value").GetString());
        Assert.Equal("dev", now.GetProperty("labels").GetProperty("env").GetString());
        Assert.Equal("web", now.GetProperty("tags").GetProperty("items")[0].GetString());
        // The disk is in use while the instance lives.
        AssertError(await api.DeleteAsync($"{Z}/disks/api-fp"), 400, "resourceInUseByAnotherResource");
        GceHttp.Ok(await api.DeleteAsync($"{Z}/instances/api-fp"));
        AssertError(await api.GetAsync($"{Z}/disks/api-fp"), 404, "notFound");
    }

    [Fact]
    public async Task A_batch_answers_each_part_as_its_own_call_would_be()
    {
        using var api = new GceHttp(cloud.Server);
        const string boundary = "===============7330845974216740156==";
        // As gcloud's MIME writer makes it: LF line ends, a Content-ID per part, the request line with a full path.
        var body = string.Join("\n",
            $"--{boundary}", "Content-Type: application/http", "MIME-Version: 1.0", "Content-Transfer-Encoding: binary",
            "Content-ID: <5f1c0a4e-1111-4a1b-9c1d-000000000000+0>", "",
            "GET /compute/v1/projects/debian-cloud/global/images?alt=json&maxResults=500 HTTP/1.1",
            "Content-Type: application/json", "MIME-Version: 1.0", "Host: 127.0.0.1", "", "",
            $"--{boundary}", "Content-Type: application/http", "MIME-Version: 1.0", "Content-Transfer-Encoding: binary",
            "Content-ID: <5f1c0a4e-1111-4a1b-9c1d-000000000000+1>", "",
            "GET /compute/v1/projects/kiln-local/zones/us-central1-a/instances/batch-missing?alt=json HTTP/1.1",
            "Content-Type: application/json", "MIME-Version: 1.0", "Host: 127.0.0.1", "", "",
            $"--{boundary}--", "");
        var (contentType, answer) = await api.BatchAsync(body, boundary);
        Assert.StartsWith("multipart/mixed; boundary=", contentType);
        var outer = contentType["multipart/mixed; boundary=".Length..];
        var parts = answer.Split("--" + outer).Skip(1).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, parts.Count);
        Assert.Contains("Content-ID: <response-5f1c0a4e-1111-4a1b-9c1d-000000000000+0>", parts[0]);
        Assert.Contains("HTTP/1.1 200 OK", parts[0]);
        Assert.Contains("debian-12-bookworm", parts[0]);
        Assert.Contains("Content-ID: <response-5f1c0a4e-1111-4a1b-9c1d-000000000000+1>", parts[1]);
        Assert.Contains("HTTP/1.1 404 Not Found", parts[1]);
        Assert.Contains("\"reason\":\"notFound\"", parts[1]);
    }

    [Fact]
    public async Task Lists_page_with_maxResults_and_pageToken_and_filter_on_the_whole_value()
    {
        using var api = new GceHttp(cloud.Server);
        foreach (var name in new[] { "page-fw-a", "page-fw-b", "page-fw-c", "other-page-fw" })
            GceHttp.Ok(await api.PostAsync($"{P}/global/firewalls", new { name, allowed = new[] { new { IPProtocol = "tcp" } } }));
        var filter = Uri.EscapeDataString("name eq \"page-fw-.*\"");
        var first = GceHttp.Ok(await api.GetAsync($"{P}/global/firewalls?maxResults=2&filter={filter}"));
        Assert.Equal(["page-fw-a", "page-fw-b"], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        var token = Uri.EscapeDataString(first.GetProperty("nextPageToken").GetString()!);
        var second = GceHttp.Ok(await api.GetAsync($"{P}/global/firewalls?maxResults=2&filter={filter}&pageToken={token}"));
        Assert.Equal(["page-fw-c"], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.False(second.TryGetProperty("nextPageToken", out _));
        // gcloud's form of `name~^other`: matched against the whole name.
        var other = GceHttp.Ok(await api.GetAsync($"{P}/global/firewalls?filter={Uri.EscapeDataString("name eq \".*(^other).*\"")}"));
        Assert.Equal(["other-page-fw"], other.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        var negated = GceHttp.Ok(await api.GetAsync($"{P}/global/firewalls?filter={Uri.EscapeDataString("(name ne \".*page-fw-[ab]\") (direction eq \"INGRESS\")")}"));
        Assert.Equal(["other-page-fw", "page-fw-c"], negated.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).Order());
        // Google's documentation: the literal of eq/ne is RE2 whether double-quoted, single-quoted or bare.
        foreach (var form in new[] { "name eq 'page-fw-[bc]'", "name eq page-fw-[bc]" })
        {
            var found = GceHttp.Ok(await api.GetAsync($"{P}/global/firewalls?filter={Uri.EscapeDataString(form)}"));
            Assert.Equal(["page-fw-b", "page-fw-c"], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        }
        // What `kiln gc` asks for: the rules named after a run, and no other.
        GceHttp.Ok(await api.PostAsync($"{P}/global/firewalls", new { name = "kiln-20261204-0102-ab12-ssh", allowed = new[] { new { IPProtocol = "tcp" } } }));
        var kiln = GceHttp.Ok(await api.GetAsync($"{P}/global/firewalls?filter={Uri.EscapeDataString("name eq \"kiln-.*\"")}"));
        Assert.Equal(["kiln-20261204-0102-ab12-ssh"], kiln.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        foreach (var name in new[] { "page-fw-a", "page-fw-b", "page-fw-c", "other-page-fw", "kiln-20261204-0102-ab12-ssh" })
            GceHttp.Ok(await api.DeleteAsync($"{P}/global/firewalls/{name}"));
    }

    [Fact]
    public async Task Work_that_fails_ends_in_a_DONE_operation_with_an_error_and_leaves_nothing()
    {
        using var api = new GceHttp(cloud.Server);
        var op = GceHttp.Ok(await api.PostAsync($"{P}/global/images", new { name = "api-lost", sourceImage = "projects/debian-cloud/global/images/family/debian-12" }));
        Assert.Equal("DONE", op.GetProperty("status").GetString());
        // The image's podman image is removed behind the endpoint's back: an instance from it cannot start.
        var podmanName = (await Integration.Podman.GceImagesOf(cloud)).Single(t => t.Contains(":image-", StringComparison.Ordinal));
        await new PodmanClient().RemoveImageAsync(podmanName, CancellationToken.None);
        var failed = GceHttp.Ok(await api.PostAsync($"{Z}/instances", GceHttp.Instance("api-lost-vm", $"{P}/global/images/api-lost")));
        Assert.Equal("DONE", failed.GetProperty("status").GetString());
        Assert.Equal("INTERNAL_ERROR", failed.GetProperty("error").GetProperty("errors")[0].GetProperty("code").GetString());
        var waited = GceHttp.Ok(await api.PostAsync($"{Z}/operations/{failed.GetProperty("name").GetString()}/wait", null));
        Assert.True(waited.TryGetProperty("error", out _));
        AssertError(await api.GetAsync($"{Z}/instances/api-lost-vm"), 404, "notFound");
        AssertError(await api.GetAsync($"{Z}/disks/api-lost-vm"), 404, "notFound");
        var machine = $"kiln-gce-{failed.GetProperty("targetId").GetString()}";
        Assert.DoesNotContain(machine, await Integration.Podman.ContainersOf(cloud));
        Assert.False(Directory.Exists(cloud.Layout.InstanceDirectory(machine["kiln-".Length..])));
        GceHttp.Ok(await api.DeleteAsync($"{P}/global/images/api-lost"));
    }

    [Fact]
    public async Task State_survives_a_restart_and_a_second_endpoint_sees_it()
    {
        using var api = new GceHttp(cloud.Server);
        GceHttp.Ok(await api.PostAsync($"{P}/global/firewalls", new { name = "api-restart", allowed = new[] { new { IPProtocol = "tcp", ports = new[] { "22" } } } }));
        GceHttp.Ok(await api.PostAsync($"{P}/global/images", new { name = "api-restart", family = "api-restart", sourceImage = "projects/debian-cloud/global/images/family/debian-12" }));
        await using (var other = await LocalCloudServer.StartAsync(cloud.Paths, null, CancellationToken.None))
        {
            using var second = new GceHttp(other);
            Assert.Equal("22", GceHttp.Ok(await second.GetAsync($"{P}/global/firewalls/api-restart")).GetProperty("allowed")[0].GetProperty("ports")[0].GetString());
            Assert.Equal("api-restart", GceHttp.Ok(await second.GetAsync($"{P}/global/images/family/api-restart")).GetProperty("name").GetString());
        }
        Assert.Contains(await Integration.Podman.GceImagesOf(cloud), t => t.Contains(":image-", StringComparison.Ordinal));
        GceHttp.Ok(await api.DeleteAsync($"{P}/global/firewalls/api-restart"));
        GceHttp.Ok(await api.DeleteAsync($"{P}/global/images/api-restart"));
    }

    private static string AssertError((int Status, JsonElement Body) answer, int status, string reason)
    {
        Assert.True(answer.Status == status, $"expected {status}, got {answer.Status}: {answer.Body}");
        var error = answer.Body.GetProperty("error");
        Assert.Equal(status, error.GetProperty("code").GetInt32());
        Assert.Equal(reason, error.GetProperty("errors")[0].GetProperty("reason").GetString());
        return error.GetProperty("message").GetString()!;
    }
}
