using System.Text.Json.Serialization;

namespace Kiln.LocalCloud.State;

/// <summary>Compile-time JSON metadata for the records read most (a listing decodes thousands of rows; reflection
/// metadata built at first use is most of a short command's cost). Other records fall back to reflection.</summary>
[JsonSerializable(typeof(ImageRecord))]
[JsonSerializable(typeof(SnapshotRecord))]
[JsonSerializable(typeof(InstanceRecord))]
[JsonSerializable(typeof(AddressRecord))]
internal sealed partial class StateJson : JsonSerializerContext;
