using Kiln.Baking.Provisioners;
using Kiln.Core.Runs;

namespace Kiln.Baking.Tests.Provisioners;

public class VaultSecretsTests
{
    public static TheoryData<string, string[]> Yaml => new()
    {
        { "db_password: s3cr3t\napi_token: tok-1", ["s3cr3t", "tok-1"] },
        { "users:\n  - name: a\n    pass: p1\n  - p2\nnested: {k: {deep: v}}", ["a", "p1", "p2", "v"] },
        { "---\nx: 1\n---\ny: two", ["1", "two"] },
        { "just a line of text", ["just a line of text"] },
        { "key: [unclosed", ["key: [unclosed"] },
        // YamlDotNet throws InvalidOperationException, not a YamlException, on this one.
        { "key: [s3cr3t\nother: {}\n", ["key: [s3cr3t\nother: {}\n"] },
    };

    [Theory, MemberData(nameof(Yaml))]
    public void Every_scalar_value_is_a_secret_and_keys_are_not(string yaml, string[] expected) =>
        Assert.Equal(expected, VaultSecrets.ScalarValues(yaml));

    [Fact]
    public async Task The_fixtures_vault_values_and_password_are_collected_and_masked()
    {
        var dir = Fixtures.CopyHogePlaybooks();
        var secrets = await VaultSecrets.CollectAsync(dir, [Path.Combine(dir, "vault.txt")], CancellationToken.None);
        Assert.Contains("kiln-fixture-vault-password", secrets);
        Assert.Contains("s3cr3t-do-not-log", secrets);
        Assert.Contains("tok-123456", secrets);

        var masker = new SecretMasker();
        foreach (var s in secrets) masker.Add(s);
        var line = masker.Mask("ok: [default] => {\"db\": \"s3cr3t-do-not-log\", \"token\": \"tok-123456\"} pw=kiln-fixture-vault-password");
        Assert.DoesNotContain("s3cr3t", line);
        Assert.DoesNotContain("tok-123456", line);
        Assert.DoesNotContain("kiln-fixture-vault-password", line);
    }

    [Fact]
    public void Only_files_that_start_with_the_vault_header_are_decrypted()
    {
        var files = VaultSecrets.VaultFilesUnder(Fixtures.HogePlaybooks).Select(Path.GetFileName).ToList();
        Assert.Equal(["secrets.yml"], files);
    }

    [Fact]
    public async Task A_wrong_password_yields_only_the_password()
    {
        var dir = Fixtures.CopyHogePlaybooks();
        var wrong = Path.Combine(dir, "wrong.txt");
        await File.WriteAllTextAsync(wrong, "not-the-password\n");
        Assert.Equal(["not-the-password"], await VaultSecrets.CollectAsync(dir, [wrong], CancellationToken.None));
    }
}
