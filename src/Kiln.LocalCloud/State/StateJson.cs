using System.Text.Json;
using System.Text.Json.Serialization;
using Kiln.LocalCloud.AutoScaling;
using Kiln.LocalCloud.Control;
using Kiln.LocalCloud.ElbV2;
using Kiln.LocalCloud.Gce.State;

namespace Kiln.LocalCloud.State;

/// <summary>Serializers for every object the state stores, made at compile time: Native AOT has no reflection-based
/// serializer. They write what the reflection-based one wrote (StateJsonTests), so existing homes read as before. A
/// kind missing here fails its first write, in the tests.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AddressRecord))]
[JsonSerializable(typeof(ImageRecord))]
[JsonSerializable(typeof(InstanceRecord))]
[JsonSerializable(typeof(KeyPairRecord))]
[JsonSerializable(typeof(LaunchTemplateRecord))]
[JsonSerializable(typeof(SecurityGroupRecord))]
[JsonSerializable(typeof(SnapshotRecord))]
[JsonSerializable(typeof(LeaseRecord))]
[JsonSerializable(typeof(AutoScalingGroupRecord))]
[JsonSerializable(typeof(InstanceRefreshRecord))]
[JsonSerializable(typeof(TargetGroupRecord))]
[JsonSerializable(typeof(TargetHealthRecord))]
[JsonSerializable(typeof(GceBackendServiceRecord))]
[JsonSerializable(typeof(GceDiskRecord))]
[JsonSerializable(typeof(GceFirewallRecord))]
[JsonSerializable(typeof(GceForwardingRuleRecord))]
[JsonSerializable(typeof(GceHealthCheckRecord))]
[JsonSerializable(typeof(GceImageRecord))]
[JsonSerializable(typeof(GceInstanceGroupManagerRecord))]
[JsonSerializable(typeof(GceInstanceRecord))]
[JsonSerializable(typeof(GceInstanceTemplateRecord))]
[JsonSerializable(typeof(GceOperationRecord))]
[JsonSerializable(typeof(GceProjectRecord))]
internal sealed partial class StateJson : JsonSerializerContext;
