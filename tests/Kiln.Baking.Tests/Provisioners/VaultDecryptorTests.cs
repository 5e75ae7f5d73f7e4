using System.Diagnostics;
using Kiln.Baking.Provisioners;

namespace Kiln.Baking.Tests.Provisioners;

public sealed class VaultDecryptorTests
{
    /// <summary>Vaults made by the real ansible-vault (the fixture's, and fresh ones in both header versions) open
    /// in-process to exactly what `ansible-vault view` prints.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    [InlineData("a longer password with spaces and ünïcödé")]
    public void Opens_what_ansible_vault_encrypted(string? password)
    {
        var dir = Fixtures.CopyHogePlaybooks();
        var vault = Path.Combine(dir, "playbooks", "group_vars", "secrets.yml");
        var passwordFile = Path.Combine(dir, "vault.txt");
        if (password is not null)
        {
            File.WriteAllText(passwordFile, password + "\n");
            File.WriteAllText(vault, "db_password: p\nlist: [1, 2, 3]\ntext: " + new string('x', 100) + "\n");
            Ansible("ansible-vault", "encrypt", "--vault-password-file", passwordFile, vault);
        }
        var expected = Ansible("ansible-vault", "view", "--vault-password-file", passwordFile, vault);

        Assert.Equal(expected, VaultDecryptor.TryDecrypt(File.ReadAllText(vault), File.ReadAllText(passwordFile).Trim()));
        Assert.Null(VaultDecryptor.TryDecrypt(File.ReadAllText(vault), "wrong password"));
    }

    [Fact]
    public void A_labelled_vault_opens_too()
    {
        var dir = Fixtures.CopyHogePlaybooks();
        var file = Path.Combine(dir, "labelled.yml");
        File.WriteAllText(file, "token: abc\n");
        Ansible("ansible-vault", "encrypt", "--vault-id", "prod@" + Path.Combine(dir, "vault.txt"), file);
        Assert.StartsWith("$ANSIBLE_VAULT;1.2;AES256;prod", File.ReadAllText(file));
        Assert.Equal("token: abc\n", VaultDecryptor.TryDecrypt(File.ReadAllText(file), File.ReadAllText(Path.Combine(dir, "vault.txt")).Trim()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("db_password: plain")]
    [InlineData("$ANSIBLE_VAULT;1.1;AES256\nnot hex\n")]
    [InlineData("$ANSIBLE_VAULT;1.0;AES\n6162\n")]
    [InlineData("$ANSIBLE_VAULT;1.1;AES256\n616263\n")]
    public void Anything_else_is_left_to_ansible_vault(string text) => Assert.Null(VaultDecryptor.TryDecrypt(text, "p"));

    private static string Ansible(string program, params string[] args)
    {
        // Its own input: ansible refuses one that another test's child left non-blocking.
        var info = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardInput = true };
        info.Environment["PAGER"] = "cat";
        using var p = Process.Start(info)!;
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return output;
    }
}
