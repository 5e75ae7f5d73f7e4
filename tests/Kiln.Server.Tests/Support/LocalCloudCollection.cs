namespace Kiln.Server.Tests.Support;

/// <summary>Tests whose `kiln serve` processes share test.sh's local cloud run one at a time: each process starts the
/// local cloud for that KILN_HOME when none answers, and two starting at once would race.</summary>
[CollectionDefinition(Name)]
public sealed class LocalCloudCollection
{
    public const string Name = "local cloud";
}
