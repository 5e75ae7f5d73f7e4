using System.Text.RegularExpressions;

namespace Kiln.Core.Tests.Repository;

/// <summary>A clone of Kiln has nothing beside it: every file that tests, benchmarks, examples and scripts use lives
/// inside the repository. This scans every text file of the tree (bin, obj and .git excepted) for paths that climb
/// out of it to a sibling folder, and checks that the article's tree the tests copy is present.</summary>
public sealed class StandsAloneTests
{
    private static readonly string Root = FindRoot();

    // "../<name>" at the start of a path or after a quote/space, or Path.Combine(…, "..", "<name>"): a sibling of
    // the repository. Built from parts so that this file does not match itself.
    private static readonly Regex Sibling = new(
        @"(?:^|[\s""'=(`$}/])\.\.[/\\](?:\.\.[/\\])*(?<name>" + "sha" + @"red|fixtures|seed)\b" +
        @"|""\.\.""\s*,\s*""(?<name>" + "sha" + @"red|fixtures|seed)""",
        RegexOptions.Compiled | RegexOptions.Multiline);

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".csproj", ".props", ".slnx", ".sh", ".py", ".md", ".yml", ".yaml", ".json", ".hcl", ".txt", ".cfg", ".ini", ".template", "",
    };

    [Fact]
    public void NoFileNamesAFolderBesideTheRepository()
    {
        var offenders = new List<string>();
        foreach (var file in TreeFiles())
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Sibling.Matches(text))
            {
                var line = text[..m.Index].Count(c => c == '\n') + 1;
                offenders.Add($"{Path.GetRelativePath(Root, file)}:{line}: {m.Value.Trim()}");
            }
        }
        Assert.True(offenders.Count == 0,
            "these files read a folder beside the repository, which a clone does not have; keep a copy inside it " +
            "(the article's tree is examples/hoge_playbooks):\n" + string.Join('\n', offenders));
    }

    [Theory]
    [InlineData("packer.json")]
    [InlineData("packer.pkr.hcl")]
    [InlineData("sample_parameter.template")]
    [InlineData("create_ami.sh")]
    [InlineData("vault.txt")]
    [InlineData("playbooks/dev.yml")]
    [InlineData("playbooks/group_vars/secrets.yml")]
    public void TheArticlesTreeIsInTheRepository(string relative) =>
        Assert.True(File.Exists(Path.Combine(Root, "examples", "hoge_playbooks", relative)), $"examples/hoge_playbooks/{relative} is missing");

    [Fact]
    public void TheScanFindsASiblingPath()
    {
        // The guard must be able to fail: a path such as the one the suite once read is caught.
        Assert.Matches(Sibling, "var p = Path.Combine(root, \"..\", \"" + "sha" + "red\", \"fixtures\");");
        Assert.Matches(Sibling, "src=\"$REPO_ROOT/../" + "sha" + "red/fixtures\"");
        Assert.DoesNotMatch(Sibling, "cp -r \"$REPO_ROOT/examples/hoge_playbooks\" \"$copy\"");
    }

    private static IEnumerable<string> TreeFiles()
    {
        var skip = new[] { ".git", "bin", "obj", "node_modules" };
        var pending = new Stack<string>([Root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
                if (!skip.Contains(Path.GetFileName(sub))) pending.Push(sub);
            foreach (var file in Directory.EnumerateFiles(dir))
                if (TextExtensions.Contains(Path.GetExtension(file)) && new FileInfo(file).Length < 2_000_000) yield return file;
        }
    }

    private static string FindRoot()
    {
        var root = Environment.GetEnvironmentVariable("KILN_REPO_ROOT");
        if (!string.IsNullOrEmpty(root)) return root;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kiln.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Kiln.slnx not found above the test assembly; set KILN_REPO_ROOT");
    }
}
