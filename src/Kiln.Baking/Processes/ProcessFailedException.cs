namespace Kiln.Baking.Processes;

/// <summary>A child process ended with a non-zero exit code. The message names the program, never its arguments
/// (they may hold paths of secrets; the run log has the masked command line).</summary>
public sealed class ProcessFailedException(string what, int exitCode, string? detail = null)
    : Exception($"{what} exited with code {exitCode}{(detail is null ? "" : $": {detail}")}")
{
    public int ExitCode { get; } = exitCode;
}
