using Kiln.LocalCloud.Tests.Integration;

namespace Kiln.LocalCloud.Tests.Gce;

// The Compute Engine tests' own local clouds (homes of their own), so they run beside the EC2 ones and beside each
// other: each collection's "nothing left behind" checks look at its own home only. Three homes: the gcloud group and
// balancing tests, the twenty-cycle tests, and the rest.

/// <summary>Instances, images and the API's own answers.</summary>
[CollectionDefinition(Name)]
public sealed class GceCollection : ICollectionFixture<LocalCloudFixture>
{
    public const string Name = "local cloud, Compute Engine";
}

/// <summary>Managed instance groups and the load balancing in front of them.</summary>
[CollectionDefinition(Name)]
public sealed class GceGroupsCollection : ICollectionFixture<LocalCloudFixture>
{
    public const string Name = "local cloud, Compute Engine groups";
}

/// <summary>The twenty create-and-delete cycles.</summary>
[CollectionDefinition(Name)]
public sealed class GceCyclesCollection : ICollectionFixture<LocalCloudFixture>
{
    public const string Name = "local cloud, Compute Engine cycles";
}
