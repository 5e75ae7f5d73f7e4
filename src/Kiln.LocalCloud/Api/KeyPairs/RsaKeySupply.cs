namespace Kiln.LocalCloud.Api.KeyPairs;

/// <summary>Where CreateKeyPair's RSA keys come from. A resident endpoint (`kiln local-cloud serve`) keeps one key
/// made ahead, off the request's path (RSA-2048 generation takes 15–110 ms here, at random): each call takes it and
/// starts the next. An endpoint living for one command makes each key when asked, so that no key is made for nothing.
/// Each key is handed out once; the spare lives in this process's memory only.</summary>
public sealed class RsaKeySupply(bool makeAhead)
{
    private Task<NewKey>? _spare;

    public Task<NewKey> TakeAsync()
    {
        if (!makeAhead) return Task.FromResult(KeyMaterial.CreateRsa());
        var spare = Interlocked.Exchange(ref _spare, Task.Run(KeyMaterial.CreateRsa));
        return spare ?? Task.Run(KeyMaterial.CreateRsa);
    }
}
