using System.Security.Cryptography;
using System.Text.Json;
using Kiln.Core;

namespace Kiln.LocalCloud.Setup;

/// <summary>The issued access key, in `credentials.json` (mode 0600). Made once, at the first init.</summary>
public static class CredentialsFile
{
    public const string DefaultRegion = "us-east-1";

    internal sealed record Stored(string AccessKeyId, string SecretAccessKey, string Region);

    public static LocalCloudCredentials? Read(LocalCloudLayout layout)
    {
        if (!File.Exists(layout.CredentialsFile)) return null;
        var s = JsonSerializer.Deserialize(File.ReadAllText(layout.CredentialsFile), SetupJson.Default.Stored)
            ?? throw new InvalidDataException($"{layout.CredentialsFile} is empty");
        return new LocalCloudCredentials(s.AccessKeyId, s.SecretAccessKey, s.Region);
    }

    public static LocalCloudCredentials Ensure(LocalCloudLayout layout)
    {
        if (Read(layout) is { } existing) return existing;
        KilnPaths.EnsurePrivateDirectory(layout.Root);
        // The shapes of AWS keys: `AKIA` + 16 base-32 characters; a 40-character secret.
        const string base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var access = "AKIA" + new string(RandomNumberGenerator.GetItems(base32.AsSpan(), 16));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        var tmp = layout.CredentialsFile + ".tmp";
        KilnPaths.WritePrivateFile(tmp, JsonSerializer.Serialize(new Stored(access, secret, DefaultRegion), SetupJson.Default.Stored));
        File.Move(tmp, layout.CredentialsFile, overwrite: false);
        return Read(layout)!;
    }
}
