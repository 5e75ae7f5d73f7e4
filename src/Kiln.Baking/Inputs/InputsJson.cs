using System.Text.Json;
using System.Text.Json.Serialization;
using Kiln.Core.Baking;

namespace Kiln.Baking.Inputs;

/// <summary>The serializers of what <see cref="InputsReader"/> digests, made at compile time (Native AOT has no
/// reflection-based serializer). Compact, names as declared, enums as numbers: what the reflection-based serializer
/// wrote, so the digests of existing images stay what they were (InputsJsonTests).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General)]
[JsonSerializable(typeof(AnsibleProvisionerSpec))]
[JsonSerializable(typeof(AnsibleLocalProvisionerSpec))]
[JsonSerializable(typeof(ShellProvisionerSpec))]
[JsonSerializable(typeof(ShellLocalProvisionerSpec))]
[JsonSerializable(typeof(FileProvisionerSpec))]
[JsonSerializable(typeof(InputsReader.LaunchInputs))]
[JsonSerializable(typeof(InputsReader.TestsInputs))]
internal sealed partial class InputsJson : JsonSerializerContext;
