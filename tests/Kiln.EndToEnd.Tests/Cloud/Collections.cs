namespace Kiln.EndToEnd.Tests.Cloud;

// Three collections, three homes: xunit runs collections side by side, so the generations test's waits for the
// next minute (image names carry YYYYMMDD-HHMM) overlap the other bakes instead of adding to the suite's time.

[CollectionDefinition(Name)]
public sealed class GenerationsCollection : ICollectionFixture<CliCloudFixture>
{
    public const string Name = "kiln bake: generations";
}

[CollectionDefinition(Name)]
public sealed class BakeCollection : ICollectionFixture<CliCloudFixture>
{
    public const string Name = "kiln bake";
}

[CollectionDefinition(Name)]
public sealed class BuildCollection : ICollectionFixture<CliCloudFixture>
{
    public const string Name = "kiln build";
}
