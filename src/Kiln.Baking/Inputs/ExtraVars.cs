using System.Text.Json;

namespace Kiln.Baking.Inputs;

/// <summary>The extra vars of an ansible-playbook argument list, one digest per variable, so that a later bake can
/// name the variables that changed without storing their values: `-e k=v k2=v2`, `--extra-vars k=v`, JSON objects,
/// and `@FILE` (its content).</summary>
internal static class ExtraVars
{
    public static void Collect(IReadOnlyList<string> arguments, string? root, string salt, IDictionary<string, string> into)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var arg = arguments[i];
            string? value = arg switch
            {
                "-e" or "--extra-vars" => i + 1 < arguments.Count ? arguments[++i] : null,
                _ when arg.StartsWith("--extra-vars=", StringComparison.Ordinal) => arg["--extra-vars=".Length..],
                _ when arg.StartsWith("-e", StringComparison.Ordinal) && arg.Length > 2 && arg[2] != '-' => arg[2..],
                _ => null,
            };
            if (value is not null) Add(value.Trim(), root, salt, into);
        }
    }

    private static void Add(string value, string? root, string salt, IDictionary<string, string> into)
    {
        if (value.StartsWith('@'))
        {
            var path = value[1..];
            var full = root is null ? Path.GetFullPath(path) : Path.GetFullPath(path, root);
            into["@" + InputsReader.Relative(root, full)] = File.Exists(full) ? InputsReader.Hash(File.ReadAllText(full))[..16] : "missing";
            return;
        }
        if (value.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(value);
                foreach (var p in doc.RootElement.EnumerateObject()) into[p.Name] = Digest(salt, p.Name, p.Value.GetRawText());
                return;
            }
            catch (JsonException) { /* not JSON after all: ansible would read it as key=value */ }
        }
        foreach (var pair in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0) into[pair[..eq]] = Digest(salt, pair[..eq], pair[(eq + 1)..]);
        }
    }

    private static string Digest(string salt, string key, string value) => InputsReader.Hash($"{salt}\0{key}\0{value}")[..16];
}
