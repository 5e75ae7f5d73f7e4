using System.Text.Json;
using System.Text.Json.Serialization;
using Kiln.Baking;
using Kiln.Core.Runs;

namespace Kiln.Deploy.Tests.Unit;

/// <summary>A deploy's record and `--json` are written by a serializer made at compile time (the Native AOT build has no
/// other): byte for byte what the reflection-based serializer wrote, so older run records read the same.</summary>
public sealed class DeployResultJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static TheoryData<DeployResult> Results() =>
    [
        new DeployResult("kiln-20261206-030000-ab12", "deploy", RunOutcome.Succeeded, null, "hoge-dev-api", "blue-green", "web-2",
            "web-1", "ami-0123", "ami-0042", 3, 12.5, [new StepTiming("check", "succeeded", 0.04), new StepTiming("switch", "succeeded", 3.2)],
            15.25, ["a warning"]) { Template = "hoge-dev-api-3" },
        new DeployResult("kiln-20261206-030100-cd34", "rollback", RunOutcome.Failed, "no healthy instance", "hoge-dev-api", "rolling",
            null, null, null, null, null, null, [], 0.5, []),
    ];

    [Theory]
    [MemberData(nameof(Results))]
    public void A_result_is_written_as_the_reflection_based_serializer_wrote_it(DeployResult result) =>
        Assert.Equal(JsonSerializer.Serialize(result, Reflection), result.ToJson());
}
