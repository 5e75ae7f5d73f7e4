using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.LocalCloud.Setup;

/// <summary>The small files every command reads at start (credentials, endpoint), with serializers made at compile
/// time: the reflection-based serializer's first use costs about 60 ms here, on the path of every command.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CredentialsFile.Stored))]
[JsonSerializable(typeof(EndpointFile))]
internal sealed partial class SetupJson : JsonSerializerContext;
