using Kiln.Baking.Provisioners;

namespace Kiln.Baking.Tests.Provisioners;

public class AnsibleCommandLineTests
{
    private static readonly string[] ArticleExtraArguments =
        ["--tags", "dev-api", "--extra-vars", "group=dev-api", "--extra-vars", "category=api", "--vault-password-file", "/p/vault.txt"];

    [Fact]
    public void Packer_build_reads_like_the_articles_packer_log()
    {
        var args = AnsibleCommandLine.Arguments(new AnsibleInvocation("/p/playbooks/dev.yml", "/run/inventory.yml", "/run/key.pem",
            ArticleExtraArguments, PackerExtraVars: true));
        Assert.Equal(
            "ansible-playbook --extra-vars packer_build_name=amazon-ebs packer_builder_type=amazon-ebs -i /run/inventory.yml " +
            "/p/playbooks/dev.yml -e ansible_ssh_private_key_file=/run/key.pem --tags dev-api --extra-vars group=dev-api " +
            "--extra-vars category=api --vault-password-file /p/vault.txt",
            AnsibleCommandLine.Display(args));
        // One argument, as Packer passes it: ansible parses it as two key=value pairs.
        Assert.Equal("packer_build_name=amazon-ebs packer_builder_type=amazon-ebs", args[1]);
    }

    public static TheoryData<bool, string[], string> Cases => new()
    {
        // kiln bake: the key lives in the inventory; the extra arguments follow the playbook unchanged.
        { false, ArticleExtraArguments, "-i /run/inv.yml /p/playbooks/dev.yml --tags dev-api --extra-vars group=dev-api --extra-vars category=api --vault-password-file /p/vault.txt" },
        { false, [], "-i /run/inv.yml /p/playbooks/dev.yml" },
        // --opt=value forms pass through verbatim, as Packer passes extra_arguments without a shell.
        { false, ["--tags=dev-api", "--extra-vars=group=dev-api", "-e", "a=b c"], "-i /run/inv.yml /p/playbooks/dev.yml --tags=dev-api --extra-vars=group=dev-api -e a=b c" },
        { true, ["--vault-password-file=/p/vault.txt"], "--extra-vars packer_build_name=amazon-ebs packer_builder_type=amazon-ebs -i /run/inv.yml /p/playbooks/dev.yml -e ansible_ssh_private_key_file=/k --vault-password-file=/p/vault.txt" },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Argument_list(bool packer, string[] extra, string expected)
    {
        var args = AnsibleCommandLine.Arguments(new AnsibleInvocation("/p/playbooks/dev.yml", "/run/inv.yml", "/k", extra, packer));
        Assert.Equal(expected, string.Join(' ', args));
    }

    [Fact]
    public void A_relative_playbook_becomes_absolute_as_packer_makes_it()
    {
        var args = AnsibleCommandLine.Arguments(new AnsibleInvocation("playbooks/dev.yml", "/i", "/k", [], false));
        Assert.Equal(Path.GetFullPath("playbooks/dev.yml"), args[2]);
    }

    public static TheoryData<string[], string[]> VaultCases => new()
    {
        { ["--vault-password-file", "/a/vault.txt"], ["/a/vault.txt"] },
        { ["--vault-password-file=/a/vault.txt"], ["/a/vault.txt"] },
        { ["--vault-pass-file", "/b"], ["/b"] },
        { ["--vault-id", "prod@/c/pw", "--vault-id=dev@/d/pw", "--vault-id", "prompt", "--vault-id=/e"], ["/c/pw", "/d/pw", "/e"] },
        { ["--tags", "vault", "-e", "--vault-password-file"], [] },
        { [], [] },
    };

    [Theory, MemberData(nameof(VaultCases))]
    public void Vault_password_files_are_found_in_both_option_forms(string[] args, string[] expected) =>
        Assert.Equal(expected, AnsibleCommandLine.VaultPasswordFiles(args));
}
