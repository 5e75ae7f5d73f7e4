using Kiln.Baking.Steps;
using Kiln.Core.Baking;

namespace Kiln.Baking.Tests.Steps;

public class StepCheckInputsTests
{
    [Fact]
    public void Every_missing_file_is_reported_at_once()
    {
        var dir = Fixtures.CopyHogePlaybooks();
        var problems = StepCheckInputs.LocalProblems(new AnsibleProvisionerSpec
        {
            PlaybookFile = Path.Combine(dir, "playbooks", "qa.yml"),
            ExtraArguments = ["--vault-password-file=" + Path.Combine(dir, "missing-vault.txt")],
        }).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("qa.yml") && p.Contains("does not exist"));
        Assert.Contains(problems, p => p.Contains("missing-vault.txt"));
    }

    [Fact]
    public void The_articles_tree_has_no_problem()
    {
        var dir = Fixtures.HogePlaybooks;
        Assert.Empty(StepCheckInputs.LocalProblems(new AnsibleProvisionerSpec
        {
            PlaybookFile = Path.Combine(dir, "playbooks", "dev.yml"),
            ExtraArguments = ["--vault-password-file", Path.Combine(dir, "vault.txt")],
        }));
    }

    [Fact]
    public void Relative_vault_files_are_read_from_ansibles_working_directory()
    {
        var dir = Fixtures.HogePlaybooks;
        var spec = new AnsibleProvisionerSpec
        {
            PlaybookFile = Path.Combine(dir, "playbooks", "dev.yml"),
            ExtraArguments = ["--vault-password-file", "vault.txt"],
            WorkingDirectory = dir,
        };
        Assert.Empty(StepCheckInputs.LocalProblems(spec));
        Assert.Contains("does not exist", Assert.Single(StepCheckInputs.LocalProblems(spec with { WorkingDirectory = Path.GetTempPath() })));
    }

    [Fact]
    public void A_shell_provisioner_needs_something_to_run() =>
        Assert.Single(StepCheckInputs.LocalProblems(new ShellProvisionerSpec()));
}
