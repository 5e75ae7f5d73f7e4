using Kiln.LocalCloud.Gce.Hosting;

namespace Kiln.LocalCloud.Tests.Unit.Gce;

public sealed class GceLinksTests
{
    [Theory]
    [InlineData("https://www.googleapis.com/compute/v1/projects/debian-cloud/global/images/family/debian-12", "projects/debian-cloud/global/images/family/debian-12")]
    [InlineData("https://compute.googleapis.com/compute/beta/projects/p/zones/z/disks/d", "projects/p/zones/z/disks/d")]
    [InlineData("http://127.0.0.1:4580/compute/v1/projects/p/global/networks/default", "projects/p/global/networks/default")]
    [InlineData("projects/q/global/images/x", "projects/q/global/images/x")]
    [InlineData("global/images/x", "projects/p/global/images/x")]
    [InlineData("zones/us-central1-a/machineTypes/e2-small", "projects/p/zones/us-central1-a/machineTypes/e2-small")]
    [InlineData("machineTypes/e2-small", "projects/p/zones/z/machineTypes/e2-small")]
    public void References_in_any_form_become_the_path_from_projects(string reference, string path) =>
        Assert.Equal(path, GceLinks.Path(reference, "p", "z"));

    [Theory]
    [InlineData("POST", "projects/p/zones/z/instances/vm/reset", "compute.instances.reset")]
    [InlineData("GET", "projects/p/global/snapshots", "compute.snapshots.list")]
    [InlineData("PATCH", "projects/p/global/firewalls/f", "compute.firewalls.patch")]
    public void An_unserved_path_is_named_by_its_method(string verb, string path, string method) =>
        Assert.Equal(method, GceRoutes.Describe(verb, path.Split('/')));
}
