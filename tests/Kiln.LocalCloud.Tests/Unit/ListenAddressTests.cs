using Kiln.Core;
using Kiln.LocalCloud.Setup;

namespace Kiln.LocalCloud.Tests.Unit;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData(null, "127.0.0.1:0")]
    [InlineData("127.0.0.1:4580", "127.0.0.1:4580")]
    [InlineData("localhost:4580", "127.0.0.1:4580")]
    [InlineData("127.1.2.3:80", "127.1.2.3:80")]
    [InlineData("[::1]:4580", "[::1]:4580")]
    public void Loopback_addresses_are_accepted(string? listen, string expected) =>
        Assert.Equal(expected, ListenAddress.Parse(listen).ToString());

    [Theory]
    [InlineData("0.0.0.0:4580", "not a loopback address")]
    [InlineData("192.168.1.10:4580", "not a loopback address")]
    [InlineData("nonsense", "not HOST:PORT")]
    [InlineData("4580", "not HOST:PORT")]
    public void Anything_else_is_refused_saying_why(string listen, string why) =>
        Assert.Contains(why, Assert.Throws<KilnInputException>(() => ListenAddress.Parse(listen)).Message);
}
