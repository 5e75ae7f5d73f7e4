using System.Globalization;
using Kiln.Templates.Engine;

namespace Kiln.Baking;

/// <summary>Packer's amazon build variables (`{{ .SourceAMIName }}`, `{{ .BuildRegion }}`, …) in ami_description,
/// tags, run_tags and snapshot_tags: the template reader leaves them in place, and they are filled here once the
/// source image is known, as Packer fills them at tagging time. Text without them is returned unchanged.</summary>
public static class SourceVariables
{
    public static string Render(string text, BakeState state) => BuildVariables.Render(text, name => Value(name, state));

    public static Dictionary<string, string> Render(IReadOnlyDictionary<string, string> tags, BakeState state) =>
        tags.ToDictionary(t => Render(t.Key, state), t => Render(t.Value, state));

    private const string TagPrefix = "SourceAMITags.";

    private static string? Value(string name, BakeState state)
    {
        var source = state.SourceImage;
        return name switch
        {
            "BuildRegion" => state.Spec.Cloud.Region,
            "SourceAMI" => source?.Id.Value,
            "SourceAMIName" => source?.Name,
            // EC2's CreationDate as Packer passes it on: ISO 8601 with milliseconds, UTC.
            "SourceAMICreationDate" => source?.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            "SourceAMIOwner" => source?.Owner,
            "SourceAMIOwnerName" => source?.OwnerAlias,
            _ when name.StartsWith(TagPrefix, StringComparison.Ordinal) => source?.Tags.GetValueOrDefault(name[TagPrefix.Length..]),
            _ => null,
        };
    }
}
