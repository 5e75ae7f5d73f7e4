using System.Text.Json;
using System.Text.Json.Serialization;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Tests.Unit;

/// <summary>The state's compile-time serializers write every object as the reflection-based serializer, which wrote
/// the state of existing homes, did; and read what it wrote.</summary>
public sealed class StateJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly DateTimeOffset Created = new(2026, 12, 5, 23, 10, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> Tags = new() { ["kiln:run"] = "kiln-20261205-231000-ab12", ["Name"] = "builder" };

    public static TheoryData<object> Records() =>
    [
        new ImageRecord("ami-0123456789abcdef0", "hoge-dev-api-base-20261205-2310", "baked", "available", Created, "admin",
            [new BlockDevice("/dev/xvda", "snap-0123", 8, Encrypted: true, KmsKeyId: "alias/kiln")], Tags,
            SourceInstanceId: "i-0123", Region: "us-west-2", Permissions: new(["111122223333"], [], []), EnaSupport: false),
        new InstanceRecord("i-0123456789abcdef0", "ami-0123", "t3.micro", "kiln-key", ["sg-0123"], "running", "127.0.1.7",
            Created, Tags, [new InstanceVolume("/dev/sdb", "vol-0123", 20, "gp3", true, new Dictionary<string, string>())],
            "r-0123", 0, "subnet-0123", "vpc-0123", "us-east-1a", "admin", "/dev/xvda", UserData: "IyEvYmluL3No",
            Options: new InstanceOptions(Metadata: new MetadataOptions("enabled", "required", 2, "disabled"), EbsOptimized: true),
            TerminatedAt: Created.AddMinutes(3)),
        new SecurityGroupRecord("sg-0123", "kiln-ssh", "ssh for the builder", "vpc-0123",
            [new IpPermission("tcp", 22, 22, [new IpRange("10.0.0.0/8", null)], [], [])], [], Created, Tags),
        new KeyPairRecord("key-0123", "kiln-key", "rsa", "aa:bb", "ssh-rsa AAAA", Created, Tags),
        new AddressRecord("eipalloc-0123", "i-0123", Created),
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void Each_kind_is_written_as_before_and_read_back(object record)
    {
        var type = record.GetType();
        var before = JsonSerializer.Serialize(record, type, Reflection);
        var now = JsonSerializer.Serialize(record, type, StateJson.Default.Options);
        Assert.Equal(before, now);
        var read = JsonSerializer.Deserialize(before, type, StateJson.Default.Options)!;
        Assert.Equal(before, JsonSerializer.Serialize(read, type, StateJson.Default.Options));
    }
}
