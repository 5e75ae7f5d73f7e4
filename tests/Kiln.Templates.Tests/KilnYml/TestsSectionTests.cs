using Kiln.Core;
using Kiln.Core.Baking;
using Kiln.Templates.KilnYml;

namespace Kiln.Templates.Tests.KilnYml;

/// <summary>kiln.yml's `tests:` → the bake's image tests, or every problem at once.</summary>
public class TestsSectionTests
{
    private static BakeRequest Request(string dir) => new("hoge", "dev", "api", dir, null, null, null, new DateTimeOffset(2018, 3, 1, 12, 34, 0, TimeSpan.Zero));

    [Fact]
    public void Without_tests_a_bake_has_none()
    {
        using var dir = Fixtures.CopyHoge();
        Assert.Null(KilnConfigReader.Read(Request(dir.Path)).Spec.Tests);
    }

    [Fact]
    public void Commands_a_playbook_run_with_the_bakes_settings_but_not_its_tags_and_a_timeout()
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("tests/check.yml", "- hosts: all\n  tasks: []\n");
        dir.Write("kiln.yml", "tests:\n  commands: [\"systemctl is-active nginx\", \"curl -fsS localhost\"]\n  playbook: tests/check.yml\n  timeout: 90s\n");

        var spec = KilnConfigReader.Read(Request(dir.Path)).Spec;

        var tests = Assert.IsType<ImageTestsSpec>(spec.Tests);
        Assert.Equal(["systemctl is-active nginx", "curl -fsS localhost"], tests.Commands);
        Assert.Equal(TimeSpan.FromSeconds(90), tests.Timeout);
        var playbook = Assert.IsType<AnsibleProvisionerSpec>(tests.Playbook);
        Assert.Equal(Path.Combine(dir.Path, "tests/check.yml"), playbook.PlaybookFile);
        Assert.Equal(["--extra-vars", "group=dev-api", "--extra-vars", "category=api",
            "--vault-password-file", Path.Combine(dir.Path, "vault.txt")], playbook.ExtraArguments);
        Assert.Equal(["dev-api"], playbook.Groups);
    }

    [Fact]
    public void The_timeout_defaults_to_ten_minutes()
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", "tests:\n  commands: [\"true\"]\n");
        Assert.Equal(TimeSpan.FromMinutes(10), KilnConfigReader.Read(Request(dir.Path)).Spec.Tests!.Timeout);
    }

    [Fact]
    public void Every_problem_of_tests_is_reported_at_once()
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", "tests:\n  commands: [\"\"]\n  playbook: tests/nope.yml\n  timeout: 0s\n  retries: 2\n");

        var e = Assert.Throws<KilnInputException>(() => KilnConfigReader.Read(Request(dir.Path)));

        Assert.Contains("tests.commands[0] is empty", e.Message);
        Assert.Contains("tests.playbook 'tests/nope.yml' does not exist", e.Message);
        Assert.Contains("tests.timeout must be longer than zero", e.Message);
        Assert.Contains("unknown option 'retries' for tests", e.Message);
    }

    [Fact]
    public void Tests_on_compute_engine_are_refused_for_now()
    {
        using var dir = Fixtures.CopyHoge();
        dir.Write("kiln.yml", "cloud: local-gcp\ntests:\n  commands: [\"true\"]\n");
        var e = Assert.Throws<KilnInputException>(() => KilnConfigReader.Read(Request(dir.Path)));
        Assert.Contains("tests run on the EC2 lane", e.Message);
    }
}
