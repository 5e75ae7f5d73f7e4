using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Kiln.Baking.Inputs;

/// <summary>What a bake is made from, as digests: its source image, then one entry per other input
/// (<see cref="InputsReader"/> says which), the playbook tree's files and the extra vars one by one (so a later bake
/// can name what changed), never a secret. <see cref="Digest"/> is the image's `kiln:inputs` tag: equal digests,
/// equal inputs. Nothing that changes from run to run goes in (the image name's timestamp, the run id, the run's
/// work tree path: paths inside the tree are relative to it).</summary>
public sealed record BakeInputs(string Source, IReadOnlyDictionary<string, string> Components,
    IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, string> Vars)
{
    /// <summary>The version of Kiln's bake logic: raised when a change to Kiln makes the same inputs bake a different
    /// image. (Kiln's own version is not an input: an upgrade alone does not make every family stale.)</summary>
    public const int LogicVersion = 1;

    /// <summary>48 hex digits of SHA-256 (192 bits): fits a tag or label value on every cloud (GCE allows 63).</summary>
    public string Digest => DigestFor(Source);

    /// <summary>The digest these inputs would have with another source image: see <see cref="UpToDateCheck"/>.</summary>
    public string DigestFor(string source)
    {
        var text = new StringBuilder($"kiln bake inputs {LogicVersion}\nsource image {source}\n");
        foreach (var (name, value) in Components.OrderBy(c => c.Key, StringComparer.Ordinal)) text.Append($"{name} {value}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..48];
    }

    [JsonIgnore] public static BakeInputs Empty { get; } = new("", new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>());
}
