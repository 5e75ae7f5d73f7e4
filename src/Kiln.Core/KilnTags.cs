namespace Kiln.Core;

/// <summary>Tag keys Kiln writes. Temporary resources carry RunId and Temporary; images carry their lineage.</summary>
public static class KilnTags
{
    public const string RunId = "kiln:run-id";
    public const string Temporary = "kiln:temporary";
    public const string Family = "kiln:family";
    public const string SourceImage = "kiln:source-image";
    public const string PlaybookCommit = "kiln:playbook-commit";
    public const string PlaybookDirty = "kiln:playbook-dirty";
    public const string Version = "kiln:version";
    /// <summary>The repository a bake's playbooks came from, without credentials.</summary>
    public const string PlaybookRepo = "kiln:playbook-repo";
    /// <summary>The digest of a bake's inputs: a bake whose inputs have the newest image's digest makes nothing.</summary>
    public const string Inputs = "kiln:inputs";
    /// <summary>On a generation's image in its build region: its copies in other regions, `REGION:IMAGE,…`, so that
    /// listing, retention and pruning treat the generation as one thing in every region.</summary>
    public const string Copies = "kiln:copies";
    /// <summary>`passed` or `failed`: the outcome of the image's tests (absent: it had none).</summary>
    public const string Tests = "kiln:tests";

    public static IReadOnlyDictionary<string, string> ForTemporary(RunId run) =>
        new Dictionary<string, string> { [RunId] = run.Value, [Temporary] = "true" };
}
