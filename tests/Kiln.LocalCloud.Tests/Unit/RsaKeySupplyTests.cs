using Kiln.LocalCloud.Api.KeyPairs;

namespace Kiln.LocalCloud.Tests.Unit;

public sealed class RsaKeySupplyTests
{
    /// <summary>Made ahead or on demand, concurrent callers each get a key of their own, and no key twice.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_caller_gets_a_key_no_one_else_got(bool makeAhead)
    {
        var supply = new RsaKeySupply(makeAhead);
        var first = await supply.TakeAsync();
        var more = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(supply.TakeAsync)));
        var keys = more.Prepend(first).ToList();
        Assert.Equal(keys.Count, keys.Select(k => k.PrivateKey).Distinct().Count());
        Assert.Equal(keys.Count, keys.Select(k => k.PublicKey).Distinct().Count());
        Assert.All(keys, k => Assert.StartsWith("ssh-rsa ", k.PublicKey));
    }
}
