using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.Api.KeyPairs;

public static class KeyNames
{
    /// <summary>EC2 allows up to 255 ASCII characters.</summary>
    public static string Check(string name) =>
        name.Length <= 255 && name.All(c => c is >= ' ' and <= '~')
            ? name
            : throw Ec2Errors.InvalidValue("KeyName", name, "Key names are up to 255 ASCII characters.");

    public static Ec2Exception Duplicate(string name) => new("InvalidKeyPair.Duplicate", $"The keypair '{name}' already exists.");
}
