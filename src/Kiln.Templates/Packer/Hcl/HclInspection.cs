using System.Text;
using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>`kiln inspect`: variables, locals and builds, printed as `packer inspect` prints an HCL2 template
/// (values in HCL's own notation, quoted as Go's %q; sensitive ones as &lt;sensitive&gt;).</summary>
internal static class HclInspection
{
    public static string Format(HclReadState st, IReadOnlyList<HclBuild> builds)
    {
        var sb = new StringBuilder("Packer Inspect: HCL2 mode\n\n> input-variables:\n\n");
        foreach (var (name, value) in st.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
            sb.Append($"var.{name}: {GoQuote(st.SensitiveVariables.Contains(name) ? "<sensitive>" : Printable(value))}\n");
        sb.Append("\n> local-variables:\n\n");
        foreach (var (name, value) in st.Locals.OrderBy(v => v.Key, StringComparer.Ordinal))
            sb.Append($"local.{name}: {GoQuote(st.SensitiveLocals.Contains(name) ? "<sensitive>" : Printable(value))}\n");
        sb.Append("\n> builds:\n\n");
        foreach (var build in builds)
        {
            sb.Append($"  > {build.Shown}:\n\n");
            if (!string.IsNullOrEmpty(build.Description)) sb.Append($"  > Description: {build.Description}\n\n");
            sb.Append("    sources:\n\n");
            foreach (var source in build.Sources) sb.Append($"      {source.Reference}\n\n");
            sb.Append("    provisioners:\n\n");
            if (build.Provisioners.Count == 0) sb.Append("      <no provisioner>\n");
            foreach (var (block, _) in build.Provisioners) sb.Append($"      {(block.Labels.Count > 0 ? block.Labels[0] : "")}\n");
            sb.Append("\n    post-processors:\n\n");
            if (build.PostProcessors.Count == 0) sb.Append("      <no post-processor>\n\n");
            for (var i = 0; i < build.PostProcessors.Count; i++)
            {
                sb.Append($"      {i}:\n");
                foreach (var (block, _) in build.PostProcessors[i]) sb.Append($"        {(block.Labels.Count > 0 ? block.Labels[0] : "")}\n");
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>A string as itself; anything else in HCL notation as hclwrite writes it.</summary>
    public static string Printable(HclValue value) => value is HclString s ? s.Value : Hcl(value, 0);

    private static string Hcl(HclValue value, int indent)
    {
        var pad = new string(' ', indent);
        switch (value)
        {
            case HclString s:
                return "\"" + s.Value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t")
                    .Replace("${", "$${").Replace("%{", "%%{") + "\"";
            case HclSequence { Items.Count: 0 }:
                return "[]";
            case HclSequence seq:
                return "[\n" + string.Concat(seq.Items.Select(i => $"{pad}  {Hcl(i, indent + 2)},\n")) + pad + "]";
            case HclMapping { Attributes.Count: 0 }:
                return "{}";
            case HclMapping m:
                return "{\n" + string.Concat(m.Attributes.Select(a => $"{pad}  \"{a.Key}\" = {Hcl(a.Value, indent + 2)}\n")) + pad + "}";
            case HclNull:
                return "null";
            default:
                return HclConvert.TryString(value)!;
        }
    }

    /// <summary>Go's strconv.Quote.</summary>
    public static string GoQuote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\v': sb.Append("\\v"); break;
                case < 0x20 or 0x7f: sb.Append($"\\x{rune.Value:x2}"); break;
                default: sb.Append(rune.ToString()); break;
            }
        }
        return sb.Append('"').ToString();
    }
}
