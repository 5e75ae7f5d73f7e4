using System.Text;

namespace Kiln.Templates.Engine;

/// <summary>Packer's amazon build variables for ami_description and the tag options: `{{ .BuildRegion }}`,
/// `{{ .SourceAMI }}`, `{{ .SourceAMIName }}`, `{{ .SourceAMICreationDate }}`, `{{ .SourceAMIOwner }}`,
/// `{{ .SourceAMIOwnerName }}`, `{{ .SourceAMITags.NAME }}`. The template reader leaves them in place; the bake
/// fills them once it knows the source image.</summary>
public static class BuildVariables
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>
    {
        "BuildRegion", "SourceAMI", "SourceAMIName", "SourceAMICreationDate", "SourceAMIOwner", "SourceAMIOwnerName",
    };

    internal static bool IsDeferred(ActionPart action) =>
        action.Pipeline.Commands is [{ Operands: [FieldOperand field] }] && IsKnown(field.Name[1..]);

    private static bool IsKnown(string name) =>
        Names.Contains(name) || name.StartsWith("SourceAMITags.", StringComparison.Ordinal) && name.Length > "SourceAMITags.".Length;

    /// <summary>Replaces each build variable by <paramref name="value"/>(name), e.g. value("SourceAMIName");
    /// `SourceAMITags.Team` asks for "SourceAMITags.Team". An unknown value becomes "".</summary>
    public static string Render(string text, Func<string, string?> value)
    {
        if (!text.Contains("{{", StringComparison.Ordinal)) return text;
        var sb = new StringBuilder();
        foreach (var part in TemplateParser.Parse(text))
            sb.Append(part switch
            {
                TextPart t => t.Text,
                ActionPart a when IsDeferred(a) => value(((FieldOperand)a.Pipeline.Commands[0].Operands[0]).Name[1..]) ?? "",
                ActionPart a => a.Source,
                _ => "",
            });
        return sb.ToString();
    }
}
