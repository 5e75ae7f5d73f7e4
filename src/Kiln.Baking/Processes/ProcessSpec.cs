namespace Kiln.Baking.Processes;

/// <summary>A child process to run: the program, its argument list (never a shell string), extra environment.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public string? WorkingDirectory { get; init; }
    /// <summary>Bytes fed to standard input, then closed (file uploads over `ssh … cat > FILE`).</summary>
    public Func<Stream, CancellationToken, Task>? StandardInput { get; init; }
    /// <summary>Raw standard output instead of lines (downloads); lines of stderr still go to the line callback.</summary>
    public Func<Stream, CancellationToken, Task>? StandardOutput { get; init; }

    /// <summary>The command as a person would read it in a log: Packer's plain join, no quoting.</summary>
    public string Display => string.Join(' ', Arguments.Prepend(FileName));
}

/// <summary>How a child process ended. Output lines went to the callback as they arrived.</summary>
public sealed record ProcessResult(int ExitCode, TimeSpan Elapsed);
