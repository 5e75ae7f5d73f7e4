namespace Kiln.Core;

/// <summary>Bad input: every problem found, each saying what is wrong and how to fix it. Exit code 2; nothing was created.</summary>
public sealed class KilnInputException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public KilnInputException(string problem) : this([problem]) { }
    public IReadOnlyList<string> Problems { get; } = problems;
}
