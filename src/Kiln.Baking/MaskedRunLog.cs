using Kiln.Core.Runs;

namespace Kiln.Baking;

/// <summary>The run log as the steps see it: secrets registered here reach the run's log (which masks its lines)
/// and a masker of Kiln's own, used for what leaves through other doors: error messages in the run record and
/// the result.</summary>
public sealed class MaskedRunLog(IRunLog inner) : IRunLog
{
    private readonly SecretMasker _masker = new();

    public void AddSecret(string secret)
    {
        _masker.Add(secret);
        inner.AddSecret(secret);
    }

    public void Write(string stream, string text)
    {
        try { inner.Write(stream, _masker.Mask(text)); }
        catch (Exception) { /* the diagnostic channel never throws into a bake */ }
    }

    public void Info(string text) => Write("kiln", text);

    public string Mask(string text) => _masker.Mask(text);
}
