using Kiln.Core;
using Kiln.LocalCloud.Faults;

namespace Kiln.LocalCloud.Tests.Unit;

public sealed class FaultSpecTests
{
    [Theory]
    [InlineData(null, "none")]
    [InlineData("", "none")]
    [InlineData("throttle=0.2", "throttle=0.2")]
    [InlineData(" throttle = 0.2 ; consistency-ms=2000 ", "throttle=0.2;consistency-ms=2000")]
    [InlineData("fail=CreateImage:once", "fail=CreateImage:once:InjectedFault")]
    [InlineData("fail=RunInstances:always:InsufficientInstanceCapacity;fail=CreateImage:once",
        "fail=RunInstances:always:InsufficientInstanceCapacity;fail=CreateImage:once:InjectedFault")]
    [InlineData("sshd-delay-ms=3000;die-during=provision;seed=7", "sshd-delay-ms=3000;die-during=provision;seed=7")]
    public void Parses_the_faults_it_knows(string? text, string expected) =>
        Assert.Equal(expected, FaultSpec.Parse(text).ToString());

    [Theory]
    [InlineData("throttle=2", "throttle=2")]
    [InlineData("throttle=lots", "throttle=lots")]
    [InlineData("consistency-ms=-5", "consistency-ms=-5")]
    [InlineData("fail=CreateImage", "fail=CreateImage")]
    [InlineData("fail=CreateImage:sometimes", "fail=CreateImage:sometimes")]
    [InlineData("fail=Create;Image:once", "'Image:once' is not a fault")]
    [InlineData("die-during=boot", "die-during=boot")]
    [InlineData("bogus=1", "'bogus' is not a fault")]
    public void Refuses_what_it_does_not_know_naming_the_entry(string text, string named)
    {
        var e = Assert.Throws<KilnInputException>(() => FaultSpec.Parse(text));
        Assert.Contains(named, string.Join("\n", e.Problems));
    }

    [Fact]
    public void Every_problem_is_reported_at_once() =>
        Assert.Equal(2, Assert.Throws<KilnInputException>(() => FaultSpec.Parse("throttle=9;nope=1")).Problems.Count);

    [Fact]
    public void No_faults_is_the_default() => Assert.True(FaultSpec.Parse(null).IsNone);
}
