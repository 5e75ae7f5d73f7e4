namespace Kiln.LocalCloud;

/// <summary>The access key the local cloud issued at init. ToString hides the secret: it must never reach a log.</summary>
public sealed record LocalCloudCredentials(string AccessKey, string SecretKey, string Region)
{
    public override string ToString() => $"LocalCloudCredentials {{ AccessKey = {AccessKey}, SecretKey = ***, Region = {Region} }}";
}
