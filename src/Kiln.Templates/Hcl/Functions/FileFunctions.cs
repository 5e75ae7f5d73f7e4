using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;
using static Kiln.Templates.Hcl.HclFunction;

namespace Kiln.Templates.Hcl.Functions;

/// <summary>file, fileexists, fileset, templatefile, abspath, basename, dirname, pathexpand. Relative paths start
/// in the directory Kiln runs in, as Packer's do.</summary>
internal static class FileFunctions
{
    private const int MaxFileBytes = 10 * 1024 * 1024;

    public static void Register(Dictionary<string, HclFunction> f, HclFunctionHost host, HclFunctions self)
    {
        string Full(string path) => Path.GetFullPath(Expand(path), host.BaseDirectory);
        f["abspath"] = Fixed(1, a => HclValue.Of(Full(a.Str(0, "path"))));
        f["basename"] = Fixed(1, a => HclValue.Of(Path.GetFileName(a.Str(0, "path").TrimEnd('/')) is { Length: > 0 } b ? b : a.Str(0, "path").Length == 0 ? "." : "/"));
        f["dirname"] = Fixed(1, a => HclValue.Of(Dirname(a.Str(0, "path"))));
        f["pathexpand"] = Fixed(1, a => HclValue.Of(Expand(a.Str(0, "path"))));
        f["fileexists"] = Fixed(1, a =>
        {
            var full = Full(a.Str(0, "path"));
            if (Directory.Exists(full)) throw Args.Fail($"\"{a.Str(0, "path")}\" is a directory, not a file");
            return HclValue.Of(File.Exists(full));
        });
        f["file"] = Fixed(1, a => HclValue.Of(Read(Full(a.Str(0, "path")), a.Str(0, "path"))));
        f["fileset"] = Fixed(2, a =>
        {
            var root = Full(a.Str(0, "path"));
            var matcher = new Matcher(StringComparison.Ordinal);
            matcher.AddInclude(a.Str(1, "pattern"));
            return SetFunctions.Set(matcher.GetResultsInFullPath(root).Select(p => HclValue.Of(Path.GetRelativePath(root, p))));
        });
        f["templatefile"] = Fixed(2, a =>
        {
            var path = a.Str(0, "path");
            var text = Read(Full(path), path);
            var vars = a.Map(1, "vars");
            var template = HclParser.ParseTemplate(new HclSource(path, text));
            // The template sees only its vars and the functions, never the caller's variables (as in Packer).
            var context = new HclContext(vars, self.Refusing("templatefile", "templatefile() cannot be called from inside a template file"));
            return HclEvaluator.Evaluate(template, context);
        });
    }

    private static string Read(string full, string shown)
    {
        if (!File.Exists(full)) throw Args.Fail($"no file exists at \"{shown}\" (looked for {full}; relative paths start in the directory kiln runs in)");
        if (new FileInfo(full).Length > MaxFileBytes) throw Args.Fail($"\"{shown}\" is over {MaxFileBytes / 1024 / 1024} MB");
        try { return new UTF8Encoding(false, true).GetString(File.ReadAllBytes(full)); }
        catch (DecoderFallbackException) { throw Args.Fail($"\"{shown}\" is not UTF-8 text; use filebase64 for binary files"); }
    }

    private static string Expand(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            return Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..];
        return path;
    }

    private static string Dirname(string path)
    {
        if (path.Length == 0) return ".";
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0) return "/";
        var slash = trimmed.LastIndexOf('/');
        if (slash < 0) return ".";
        return slash == 0 ? "/" : trimmed[..slash].TrimEnd('/') is { Length: > 0 } d ? d : "/";
    }
}
