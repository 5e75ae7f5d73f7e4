using Kiln.Core;
using Kiln.Templates.KilnYml;

namespace Kiln.Templates.Tests.KilnYml;

/// <summary>Bad kiln.yml files and flags: each gives a message that names the key, its line, and what to do.</summary>
public class KilnConfigErrorTests
{
    private static readonly DateTimeOffset Now = new(2018, 3, 1, 12, 34, 56, TimeSpan.Zero);

    private static IReadOnlyList<string> Problems(string? kilnYml, string account = "hoge", string env = "dev", string category = "api", int? keep = null)
    {
        using var dir = Fixtures.CopyHoge();
        if (kilnYml is not null) dir.Write("kiln.yml", kilnYml);
        var e = Assert.Throws<KilnInputException>(() => KilnConfigReader.Read(new BakeRequest(account, env, category, dir.Path, null, keep, null, Now)));
        return e.Problems.Select(p => p.Replace(dir.Path, "DIR")).ToList();
    }

    [Theory]
    [InlineData("famly: x\n", "DIR/kiln.yml:1:1: famly: unknown option 'famly' for kiln.yml (did you mean 'family'?)")]
    [InlineData("keep: three\n", "DIR/kiln.yml:1:7: keep: expected an integer, got \"three\"")]
    [InlineData("keep: 0\n", "DIR/kiln.yml:1:7: keep: keep must be at least 1, got 0: the newest image is always kept")]
    [InlineData("keep: [1]\n", "DIR/kiln.yml:1:7: keep: expected an integer, got a list")]
    [InlineData("cloud: azure\n", "DIR/kiln.yml:1:8: cloud: 'azure' is not a cloud: use local (the default), aws, gcp or local-gcp")]
    [InlineData("cloud: gcp\n", "cloud gcp needs a project")]
    [InlineData("region: Tokyo\n", "DIR/kiln.yml:1:9: region: 'Tokyo' is not a region name such as ap-northeast-1")]
    [InlineData("profile: \"a b\"\n", "DIR/kiln.yml:1:10: profile: 'a b' is not a profile name")]
    [InlineData("instance_type: huge\n", "DIR/kiln.yml:1:16: instance_type: 'huge' is not an instance type (such as t2.nano or m5.large)")]
    [InlineData("ssh_user: \"root; rm -rf /\"\n", "DIR/kiln.yml:1:11: ssh_user: 'root; rm -rf /' is not a login name")]
    [InlineData("ssh_timeout: 5\n", "DIR/kiln.yml:1:14: ssh_timeout: expected a duration such as \"5m\" or \"30s\", got a number")]
    [InlineData("family: \"{account}-{team}\"\n", "DIR/kiln.yml:1:9: family: unknown placeholder {team} in family: use {account}, {env}, {category}")]
    [InlineData("family: \"Hoge_Base\"\n", "DIR/kiln.yml:1:9: family: family 'Hoge_Base' may hold only lower-case letters, digits and '-'")]
    [InlineData("image_name: \"{family}\"\n", "DIR/kiln.yml:1:13: image_name: image_name gives 'hoge-dev-api-base', which is not an image of family hoge-dev-api-base: it must be '{family}-{stamp}'")]
    [InlineData("image_name: \"{family}-{stamp}|x\"\n", "image name 'hoge-dev-api-base-20180301-1234|x' may hold only letters")]
    [InlineData("base_image: \"bad|image\"\n", "DIR/kiln.yml:1:13: base_image: base_image must be an image id (ami-…) or an image name")]
    [InlineData("root_volume: {size_gb: 0}\n", "DIR/kiln.yml:1:24: root_volume.size_gb: 0 is out of range: expected 1 to 16384")]
    [InlineData("root_volume: {type: ssd}\n", "root_volume.type: 'ssd' is not a volume type")]
    [InlineData("root_volume: {device: sda}\n", "root_volume.device: 'sda' is not a device name such as /dev/xvda")]
    [InlineData("root_volume: {size: 8}\n", "root_volume.size: unknown option 'size' for root_volume")]
    [InlineData("root_volume: 50\n", "DIR/kiln.yml:1:14: root_volume: expected an object, got a number")]
    [InlineData("ansible:\n  playbook: ../../etc/passwd\n", "DIR/kiln.yml:2:13: ansible.playbook: ansible.playbook '../../etc/passwd' leaves the playbook directory DIR")]
    [InlineData("ansible:\n  playbook: site.yml\n", "DIR/kiln.yml:2:13: ansible.playbook: ansible.playbook 'site.yml' does not exist in DIR")]
    [InlineData("ansible:\n  vault_password_file: missing.txt\n", "DIR/kiln.yml:2:24: ansible.vault_password_file: ansible.vault_password_file 'missing.txt' does not exist")]
    [InlineData("ansible:\n  vault_password_file: ../vault.txt\n", "leaves the playbook directory")]
    [InlineData("ansible:\n  strategy: fast\n", "DIR/kiln.yml:2:13: ansible.strategy: 'fast' is not a strategy: use plain, pipelining or mitogen")]
    [InlineData("ansible:\n  extra_vars: {\"bad name\": x}\n", "'bad name' is not an Ansible variable name")]
    [InlineData("ansible:\n  groups: [\"a b\"]\n", "'a b' is not an inventory group name")]
    [InlineData("ansible:\n  extra_arguments: [\"--vault-password-file=nope.txt\"]\n", "the vault password file 'nope.txt' does not exist")]
    [InlineData("ansible:\n  playbok: x.yml\n", "ansible.playbok: unknown option 'playbok' for ansible (did you mean 'playbook'?)")]
    [InlineData("ansible: yes\n", "DIR/kiln.yml:1:10: ansible: expected an object, got a string")]
    [InlineData("tags: {\"kiln:family\": x}\n", "tag 'kiln:family' uses a reserved prefix")]
    [InlineData("inventory_roots: [etc]\n", "DIR/kiln.yml:1:18: inventory_roots: 'etc' is not an absolute path (such as /etc or /opt/app)")]
    [InlineData("tags: [a]\n", "DIR/kiln.yml:1:7: tags: expected an object, got a list")]
    [InlineData("provisioners:\n  - type: ansible\n", "ansible is configured under `ansible:`, not in provisioners")]
    [InlineData("provisioners:\n  - type: file\n    source: ../../secret\n    destination: /tmp/x\n", "file '../../secret' leaves the playbook directory")]
    [InlineData("provisioners:\n  - type: shell\n    when: during\n    inline: [x]\n", "'during' is not a time: use before or after")]
    [InlineData("keep: 3\nkeep: [\n", "YAML syntax error")]
    [InlineData("keep: [3\nansible: {}\n", "DIR/kiln.yml:1:7: YAML syntax error")]
    [InlineData("keep: {a: 1\n", "YAML syntax error")]
    [InlineData("- a\n- b\n", "DIR/kiln.yml:1:1: kiln.yml must be a mapping of settings (such as `keep: 3`), got a list")]
    [InlineData("", "DIR/kiln.yml is empty: add settings, or delete it to use the defaults")]
    [InlineData("# only a comment\n", "DIR/kiln.yml holds only comments")]
    [InlineData("a: 1\n---\nb: 2\n", "a second YAML document")]
    public void A_bad_kiln_yml_is_explained(string kilnYml, string expected) =>
        Assert.Contains(Problems(kilnYml), p => p.Contains(expected));

    [Theory]
    [InlineData("hoge", "qa", "api", "env 'qa' has no playbook: expected playbooks/qa.yml in DIR; create it or set ansible.playbook in kiln.yml")]
    [InlineData("Hoge", "dev", "api", "account 'Hoge' may hold only lower-case letters, digits and '-'")]
    [InlineData("hoge", "dev;reboot", "api", "env 'dev;reboot' may hold only lower-case letters")]
    [InlineData("hoge", "dev", "ápi", "category 'ápi' may hold only lower-case letters")]
    [InlineData("hoge", "dev", "", "category is empty")]
    public void Bad_names_on_the_command_line_are_explained(string account, string env, string category, string expected) =>
        Assert.Contains(Problems(null, account, env, category), p => p.Contains(expected));

    [Fact]
    public void A_keep_flag_below_one_is_refused() =>
        Assert.Contains("--keep must be at least 1, got 0: the newest image is always kept", Problems(null, keep: 0));

    [Fact]
    public void A_huge_kiln_yml_is_refused() =>
        Assert.Contains(Problems("# " + new string('x', 1024 * 1024) + "\n"), p => p.Contains("a kiln.yml over 1 MB is refused"));

    [Fact]
    public void A_billion_laughs_kiln_yml_is_refused()
    {
        var yml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 'b'; i <= 'h'; i++) yml += $"{i}: &{i} [*{(char)(i - 1)}, *{(char)(i - 1)}, *{(char)(i - 1)}, *{(char)(i - 1)}, *{(char)(i - 1)}, *{(char)(i - 1)}, *{(char)(i - 1)}, *{(char)(i - 1)}, *{(char)(i - 1)}, *{(char)(i - 1)}]\n";
        Assert.Contains(Problems(yml), p => p.Contains("once aliases are expanded"));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = Problems("keep: x\ncloud: azure\nansible:\n  strategy: fast\nbogus: 1\n", env: "qa");
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void A_missing_playbook_directory_is_refused()
    {
        var e = Assert.Throws<KilnInputException>(() => KilnConfigReader.Read(new BakeRequest("hoge", "dev", "api", "/nonexistent/dir", null, null, null, Now)));
        Assert.Contains("the playbook directory '/nonexistent/dir' does not exist", e.Problems[0]);
    }
}
