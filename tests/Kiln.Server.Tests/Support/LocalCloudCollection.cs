namespace Kiln.Server.Tests.Support;

/// <summary>Tests whose `kiln serve` processes share test.sh's local cloud run one at a time: each process starts the
/// local cloud for that KILN_HOME when none answers, and two starting at once would race. When the last of them has
/// run, the copies of the article's tree they baked from go (each holds the vault password file).</summary>
[CollectionDefinition(Name)]
public sealed class LocalCloudCollection : ICollectionFixture<Fixtures.Copies>
{
    public const string Name = "local cloud";
}
