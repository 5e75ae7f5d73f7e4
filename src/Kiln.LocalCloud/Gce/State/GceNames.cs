using System.Text.RegularExpressions;
using Kiln.LocalCloud.Gce.Hosting;

namespace Kiln.LocalCloud.Gce.State;

/// <summary>Compute Engine's naming rules (RFC 1035 names; label keys and values), checked as Google checks them.</summary>
public static partial class GceNames
{
    public const string NamePattern = "[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?";

    [GeneratedRegex("^" + NamePattern + "$")]
    private static partial Regex Name();

    [GeneratedRegex(@"^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]{0,62}$")]
    private static partial Regex LabelKey();

    [GeneratedRegex(@"^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$")]
    private static partial Regex LabelValue();

    public static string Check(string? name, string field = "resource.name")
    {
        if (string.IsNullOrEmpty(name)) throw GceErrors.Required(field);
        return Name().IsMatch(name) ? name
            : throw GceErrors.InvalidField(field, name, $"Must be a match of regex '(?:{NamePattern})'");
    }

    public static IReadOnlyDictionary<string, string> Labels(System.Text.Json.Nodes.JsonNode? node, string field = "resource.labels")
    {
        if (node is null) return new Dictionary<string, string>();
        if (node is not System.Text.Json.Nodes.JsonObject o) throw GceErrors.InvalidField(field, node.ToJsonString(), "Labels are an object.");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in o)
        {
            var value = v?.GetValue<string>() ?? "";
            if (!LabelKey().IsMatch(k))
                throw GceErrors.InvalidField($"{field}.key", k, "Label keys start with a lower-case letter and hold at most 63 lower-case letters, digits, '_' and '-'.");
            if (!LabelValue().IsMatch(value))
                throw GceErrors.InvalidField($"{field}.value", value, "Label values hold at most 63 lower-case letters, digits, '_' and '-'.");
            labels[k] = value;
        }
        if (labels.Count > 64) throw GceErrors.Invalid($"At most 64 labels are allowed ({field} has {labels.Count}).");
        return labels;
    }
}
