using Kiln.LocalCloud.Tests.Integration;

namespace Kiln.LocalCloud.Tests.Gce;

/// <summary>The Compute Engine tests' own local cloud (a home of their own), so they run beside the EC2 ones.</summary>
[CollectionDefinition(Name)]
public sealed class GceCollection : ICollectionFixture<LocalCloudFixture>
{
    public const string Name = "local cloud, Compute Engine";
}
