using System.Diagnostics;
using Kiln.Core.Baking;

namespace Kiln.Templates.Tests.Packer;

/// <summary>ssh_keypair_name, ssh_private_key_file, ssh_agent_auth and temporary_key_pair_name read as Packer reads
/// them; a key file that is missing, public, passphrase-protected or no key, a key pair without its key and an agent
/// that is not there are refused at their place in the file. Credentials as Packer takes them (token,
/// shared_credentials_file).</summary>
public class AmazonSshLoginTests
{
    private static string With(string extra) => $$"""{"builders": [{{PackerTestKit.Builder(extra)}}]}""";

    /// <summary>A real key from ssh-keygen (OpenSSH format), with or without a passphrase.</summary>
    private static string KeyGen(PackerTestKit kit, string name, string passphrase = "")
    {
        var path = Path.Combine(kit.Dir.Path, name);
        using var p = Process.Start(new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-C", "test", "-f", path])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    [Fact]
    public void An_existing_key_pair_with_its_key_file_replaces_the_temporary_key_pair()
    {
        using var kit = new PackerTestKit();
        var key = KeyGen(kit, "builder");
        var login = kit.Read(With("\"ssh_keypair_name\": \"team-builder\", \"ssh_private_key_file\": \"builder\"")).Builds[0].Login;
        Assert.Equal(("team-builder", key, false), (login.KeyPairName, login.PrivateKeyFile, login.AgentAuth));
        Assert.False(login.IsTemporary);
        Assert.StartsWith("t.json:1:", login.KeyPairNameAt);
        Assert.EndsWith("builders[0].ssh_keypair_name", login.KeyPairNameAt);
    }

    [Fact]
    public void A_key_file_alone_attaches_no_key_pair_and_the_agent_needs_its_socket()
    {
        using var kit = new PackerTestKit();
        KeyGen(kit, "image-key");
        var alone = kit.Read(With("\"ssh_private_key_file\": \"image-key\"")).Builds[0].Login;
        Assert.Null(alone.KeyPairName);
        Assert.False(alone.IsTemporary);

        kit.Env["SSH_AUTH_SOCK"] = kit.Dir.Write("agent.sock", "");
        var agent = kit.Read(With("\"ssh_keypair_name\": \"team-builder\", \"ssh_agent_auth\": true")).Builds[0].Login;
        Assert.Equal(new SshLogin("team-builder", null, true, null, agent.KeyPairNameAt), agent);
    }

    [Fact]
    public void A_temporary_key_pair_takes_its_name_and_type()
    {
        using var kit = new PackerTestKit();
        var spec = kit.Read(With("\"temporary_key_pair_name\": \"packer_build\", \"temporary_key_pair_type\": \"ed25519\"")).Builds[0];
        Assert.Equal(("packer_build", true), (spec.Login.TemporaryKeyPairName, spec.Login.IsTemporary));
        Assert.Equal("ed25519", spec.KeyPairType);
    }

    [Theory]
    [InlineData("\"ssh_keypair_name\": \"team-builder\"", "builders[0].ssh_keypair_name: ssh_keypair_name needs the key pair's private key: give ssh_private_key_file")]
    [InlineData("\"ssh_private_key_file\": \"nowhere.pem\"", "builders[0].ssh_private_key_file: ssh_private_key_file 'nowhere.pem' does not exist")]
    [InlineData("\"ssh_private_key_file\": \"builder.pub\"", "is a public key: give the private key")]
    [InlineData("\"ssh_private_key_file\": \"play.yml\"", "is not a private key")]
    [InlineData("\"ssh_private_key_file\": \"locked\"", "is protected by a passphrase: Kiln runs ssh without a prompt")]
    [InlineData("\"ssh_agent_auth\": true", "builders[0].ssh_agent_auth: ssh_agent_auth is true but SSH_AUTH_SOCK is not set")]
    [InlineData("\"temporary_key_pair_name\": \"bad\\nname\"", "builders[0].temporary_key_pair_name: 'bad?name' is not a key pair name")]
    public void A_bad_login_option_is_named_with_its_position(string option, string expected)
    {
        using var kit = new PackerTestKit();
        KeyGen(kit, "builder");
        KeyGen(kit, "locked", "passphrase");
        var problem = Assert.Single(kit.Problems(With(option)));
        Assert.StartsWith("t.json:1:", problem);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void A_bastion_takes_its_host_port_user_and_key_or_the_agent()
    {
        using var kit = new PackerTestKit();
        var key = KeyGen(kit, "bastion");
        var bastion = kit.Read(With("\"ssh_bastion_host\": \"bastion.example\", \"ssh_bastion_port\": 2222, " +
                                    "\"ssh_bastion_username\": \"jump\", \"ssh_bastion_private_key_file\": \"bastion\"")).Builds[0].Ssh.Bastion!;
        Assert.Equal(("bastion.example", 2222, "jump", key), (bastion.Host, bastion.Port, bastion.User, bastion.PrivateKeyFile));
        Assert.Matches(@"^t\.json:1:\d+: builders\[0\]\.ssh_bastion_host$", bastion.HostAt);
        Assert.Matches(@"^t\.json:1:\d+: builders\[0\]\.ssh_bastion_private_key_file$", bastion.KeyAt);

        kit.Env["SSH_AUTH_SOCK"] = kit.Dir.Write("agent.sock", "");
        var agent = kit.Read(With("\"ssh_bastion_host\": \"10.0.0.5\", \"ssh_bastion_agent_auth\": true")).Builds[0].Ssh.Bastion!;
        Assert.Equal((22, null, null), (agent.Port, agent.User, agent.PrivateKeyFile));
        Assert.Null(kit.Read(With("\"ssh_bastion_host\": \"\"")).Builds[0].Ssh.Bastion); // Packer's "": none
    }

    [Theory]
    [InlineData("\"ssh_bastion_host\": \"b.example\"", "builders[0].ssh_bastion_host: ssh_bastion_host needs a key to log in with")]
    [InlineData("\"ssh_bastion_private_key_file\": \"bastion\"", "builders[0].ssh_bastion_private_key_file: ssh_bastion_private_key_file needs ssh_bastion_host")]
    [InlineData("\"ssh_bastion_host\": \"b.example\", \"ssh_bastion_private_key_file\": \"bastion.pub\"", "builders[0].ssh_bastion_private_key_file: ssh_bastion_private_key_file ")]
    [InlineData("\"ssh_bastion_host\": \"-oProxyCommand=x\", \"ssh_bastion_agent_auth\": true", "builders[0].ssh_bastion_host: '-oProxyCommand=x' is not a host name")]
    [InlineData("\"ssh_bastion_host\": \"b.example\", \"ssh_bastion_port\": 70000, \"ssh_bastion_private_key_file\": \"bastion\"", "builders[0].ssh_bastion_port")]
    [InlineData("\"ssh_bastion_host\": \"b.example\", \"ssh_bastion_password\": \"pw\"", "Kiln logs in to the bastion with a key")]
    public void A_bad_bastion_option_is_named_with_its_position(string option, string expected)
    {
        using var kit = new PackerTestKit();
        KeyGen(kit, "bastion");
        kit.Env["SSH_AUTH_SOCK"] = kit.Dir.Write("agent.sock", "");
        var problems = kit.Problems(With(option));
        Assert.Contains(problems, p => p.StartsWith("t.json:1:", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Credentials_as_packer_takes_them_keep_the_token_secret()
    {
        using var kit = new PackerTestKit();
        kit.Dir.Write("creds", "[build]\naws_access_key_id = A\naws_secret_access_key = B\n");
        var plan = kit.Read(With("\"access_key\": \"ASIAEXAMPLE\", \"secret_key\": \"s3cret\", \"token\": \"session-token-value\", " +
                                 "\"profile\": \"build\", \"shared_credentials_file\": \"creds\""));
        var cloud = plan.Builds[0].Cloud;
        Assert.Equal(("session-token-value", Path.Combine(kit.Dir.Path, "creds"), "build"), (cloud.SessionToken, cloud.SharedCredentialsFile, cloud.Profile));
        Assert.Contains("session-token-value", plan.Secrets);
        Assert.DoesNotContain("session-token-value", cloud.ToString());
        Assert.Contains("token is the session token of temporary keys", Assert.Single(kit.Problems(With("\"token\": \"t\""))));
        Assert.Contains("shared_credentials_file 'nope' does not exist", Assert.Single(kit.Problems(With("\"shared_credentials_file\": \"nope\""))));
    }
}
