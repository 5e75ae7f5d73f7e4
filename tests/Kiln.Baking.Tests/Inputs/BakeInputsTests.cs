using Kiln.Baking.Inputs;
using Kiln.Baking.Tests.Git;
using Kiln.Core.Baking;
using Kiln.Core.Cloud;
using Kiln.Core.Naming;

namespace Kiln.Baking.Tests.Inputs;

/// <summary>The digest of a bake's inputs: stable for the same inputs wherever the tree lies and whenever it bakes,
/// different for any change, the same for a directory and the commit it holds, and never carrying a secret.</summary>
public sealed class BakeInputsTests : IDisposable
{
    private readonly GitRepos _repos = new();
    public void Dispose() => _repos.Dispose();

    private static BakeSpec Spec(string root, string imageName = "hoge-dev-api-base-20260101-0000", string group = "dev-api",
        IReadOnlyList<string>? vaultFiles = null) => new()
    {
        Family = new Family("hoge-dev-api-base"),
        ImageName = imageName,
        Source = new SourceSelector.BaseImage(),
        Cloud = new CloudSpec(CloudKind.Local),
        Playbooks = new PlaybookOrigin(root),
        Provisioners =
        [
            new AnsibleProvisionerSpec
            {
                PlaybookFile = Path.Combine(root, "playbooks", "dev.yml"),
                ExtraArguments = ["--tags", "dev-api", "--extra-vars", $"group={group}", "--extra-vars", "category=api",
                    .. (vaultFiles ?? []).SelectMany(f => new[] { "--vault-password-file", f })],
                WorkingDirectory = root,
                VaultPasswordFiles = vaultFiles ?? [],
            },
        ],
    };

    private static BakeInputs Read(BakeSpec spec, string source = "ami-0001") =>
        InputsReader.Read(spec, source, PlaybookTree.FromDirectory(spec.Playbooks!.Root));

    [Fact]
    public void The_same_inputs_give_the_same_digest_at_another_time_in_another_place_and_with_another_strategy()
    {
        var copy = Path.Combine(_repos.Root, "copy");
        Directory.CreateDirectory(Path.Combine(copy, "playbooks"));
        File.Copy(Path.Combine(_repos.Work, "playbooks", "dev.yml"), Path.Combine(copy, "playbooks", "dev.yml"));
        var here = Read(Spec(_repos.Work));
        var later = Read(Spec(_repos.Work, imageName: "hoge-dev-api-base-20270707-2359"));
        var there = InputsReader.Read(Spec(copy) with
        {
            Provisioners = [((AnsibleProvisionerSpec)Spec(copy).Provisioners[0]) with { Strategy = AnsibleStrategy.Pipelining }],
        }, "ami-0001", PlaybookTree.FromDirectory(copy));
        Assert.Equal(here.Digest, later.Digest);
        Assert.Equal(here.Digest, there.Digest);
        Assert.Equal(48, here.Digest.Length);
        Assert.NotEqual(here.Digest, Read(Spec(_repos.Work), source: "ami-0002").Digest);
    }

    [Fact]
    public async Task A_directory_and_the_commit_it_holds_have_the_same_tree_and_git_is_not_part_of_it()
    {
        File.SetUnixFileMode(Path.Combine(_repos.Work, "playbooks", "dev.yml"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(_repos.Work, "site.yml"), "playbooks/dev.yml");
        var commit = _repos.Commit("exec bit and a link");
        var fromDirectory = PlaybookTree.FromDirectory(_repos.Work);
        var fromCommit = await PlaybookTree.FromCommitAsync(new PlaybookCommit(_repos.Bare, "main", commit, _repos.Bare), CancellationToken.None);
        Assert.Equal(fromCommit, fromDirectory);
        Assert.DoesNotContain(fromDirectory, e => e.Path.StartsWith(".git", StringComparison.Ordinal));
        Assert.Contains(fromDirectory, e => e is { Path: "site.yml", Mode: "120000" });
        Assert.Contains(fromDirectory, e => e is { Path: "playbooks/dev.yml", Mode: "100755" });
    }

    [Fact]
    public void Image_tests_are_an_input_and_a_bake_without_them_keeps_its_digest()
    {
        var without = Read(Spec(_repos.Work));
        Assert.DoesNotContain(InputsReader.Tests, without.Components.Keys);
        var tested = Read(Spec(_repos.Work) with { Tests = new ImageTestsSpec(["systemctl is-active nginx"], null, TimeSpan.FromMinutes(5)) });
        var otherCommand = Read(Spec(_repos.Work) with { Tests = new ImageTestsSpec(["systemctl is-active apache2"], null, TimeSpan.FromMinutes(5)) });
        Assert.NotEqual(without.Digest, tested.Digest);
        Assert.NotEqual(tested.Digest, otherCommand.Digest);
        Assert.Equal(["image tests changed"], InputsDifference.Between(tested, otherCommand, otherCommand.Source));
        // --keep-failed decides what happens to a failed image, not what the image is made from.
        Assert.Equal(tested.Digest, Read(Spec(_repos.Work) with
        {
            Tests = new ImageTestsSpec(["systemctl is-active nginx"], null, TimeSpan.FromMinutes(5)), KeepFailedImage = true,
        }).Digest);
    }

    [Fact]
    public void A_changed_file_and_a_changed_var_are_named_and_nothing_else()
    {
        var before = Read(Spec(_repos.Work));
        _repos.Write("playbooks/dev.yml", "- hosts: all\n  tasks: [{debug: {msg: changed}}]\n");
        _repos.Write("roles/web/tasks/main.yml", "- debug: {msg: web}\n");
        var after = Read(Spec(_repos.Work, group: "dev-web"));
        Assert.NotEqual(before.Digest, after.Digest);
        var changes = InputsDifference.Between(before, after, after.Source);
        Assert.Equal(["playbook files: changed playbooks/dev.yml; added roles/web/tasks/main.yml", "extra vars changed: group",
            "ansible command line changed"], changes);
    }

    [Fact]
    public void A_vault_password_file_is_an_input_but_neither_it_nor_a_plain_hash_of_it_is_recorded()
    {
        const string password = "correct-horse-battery-staple";
        _repos.Write("vault.txt", password + "\n");
        var vault = Path.Combine(_repos.Work, "vault.txt");
        var one = Read(Spec(_repos.Work, vaultFiles: [vault]));
        _repos.Write("vault.txt", "another-password\n");
        var two = Read(Spec(_repos.Work, vaultFiles: [vault]));
        Assert.NotEqual(one.Digest, two.Digest);
        Assert.Equal(["vault password changed"], InputsDifference.Between(one, two, two.Source));
        Assert.DoesNotContain("vault.txt", one.Files.Keys);
        var recorded = System.Text.Json.JsonSerializer.Serialize(one, BakeResult.Json);
        Assert.DoesNotContain(password, recorded);
        foreach (var plain in new[] { PlaybookTree.BlobId(System.Text.Encoding.UTF8.GetBytes(password + "\n")),
                     Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(password + "\n"))) })
            Assert.DoesNotContain(plain, recorded);
    }

    [Fact]
    public void A_bake_on_top_of_the_newest_image_compares_that_images_own_source()
    {
        var first = Read(Spec(_repos.Work), source: "ami-base");
        var newest = new CloudImage(new("ami-gen1"), "hoge-dev-api-base-20260101-0000", ImageState.Available, DateTimeOffset.UnixEpoch, [],
            new Dictionary<string, string> { ["kiln:inputs"] = first.Digest, ["kiln:source-image"] = "ami-base" });
        var again = Read(Spec(_repos.Work), source: "ami-gen1");
        Assert.Equal(first.Digest, again.DigestFor(UpToDateCheck.ComparedSource(again, newest)));
        var elsewhere = Read(Spec(_repos.Work), source: "ami-other");
        Assert.NotEqual(first.Digest, elsewhere.DigestFor(UpToDateCheck.ComparedSource(elsewhere, newest)));
    }
}
