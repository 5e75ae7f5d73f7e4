namespace Kiln.Core.Runs;

/// <summary>The diagnostic channel of a run: console and stored log. Masks secrets; never throws.</summary>
public interface IRunLog
{
    /// <summary>Registers a value to hide from every later line (vault password and values, keys).</summary>
    void AddSecret(string secret);
    /// <summary>stream: "kiln", "ansible", "shell", "error", …</summary>
    void Write(string stream, string text);
}
