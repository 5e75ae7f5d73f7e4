using System.Text;
using Kiln.Baking.Processes;
using Kiln.Core.Runs;

namespace Kiln.Baking.Git;

/// <summary>Runs the git CLI: the user's own git and ssh set-up (credential helpers, ~/.ssh/config, the agent)
/// applies, git never prompts (no terminal: the child has its own session, and GIT_TERMINAL_PROMPT=0), and an
/// http(s) URL's credentials reach git only through its environment as a URL-scoped `http.extraHeader`.</summary>
public sealed class GitCommand(RepositoryUrl url)
{
    public sealed record Output(int ExitCode, string Stdout, string Stderr)
    {
        public bool Ok => ExitCode == 0;
    }

    private readonly SecretMasker _masker = Masker(url);

    public string Mask(string text) => _masker.Mask(text);

    public async Task<Output> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var stdout = new MemoryStream();
        var stderr = new StringBuilder();
        var spec = new ProcessSpec("git", args)
        {
            Environment = GitEnvironment(),
            StandardOutput = (s, t) => s.CopyToAsync(stdout, t),
        };
        try
        {
            var result = await ChildProcess.RunAsync(spec, (_, line) => { lock (stderr) stderr.AppendLine(line); }, ct);
            return new Output(result.ExitCode, Encoding.UTF8.GetString(stdout.ToArray()), Mask(stderr.ToString().Trim()));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new Core.KilnInputException("git is not installed: apt-get install git (Kiln runs the git CLI to fetch playbooks)");
        }
    }

    private Dictionary<string, string> GitEnvironment()
    {
        var env = new Dictionary<string, string>
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GCM_INTERACTIVE"] = "never",
            ["LC_ALL"] = "C",
        };
        if (url.AuthorizationHeader is { } header)
        {
            env["GIT_CONFIG_COUNT"] = "1";
            env["GIT_CONFIG_KEY_0"] = $"http.{url.Clean}.extraHeader";
            env["GIT_CONFIG_VALUE_0"] = $"Authorization: {header}";
        }
        return env;
    }

    private static SecretMasker Masker(RepositoryUrl url)
    {
        var masker = new SecretMasker();
        foreach (var s in url.Secrets) masker.Add(s);
        return masker;
    }
}
