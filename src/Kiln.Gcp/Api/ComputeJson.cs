using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Gcp.Api;

/// <summary>Compute Engine's JSON: camelCase names, absent fields left out, 64-bit numbers read from strings.</summary>
public static class ComputeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
