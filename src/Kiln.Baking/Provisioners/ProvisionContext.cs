using Kiln.Baking.Ssh;

namespace Kiln.Baking.Provisioners;

/// <summary>What a provisioner works with: the instance over SSH, the run's directory and log, and where ansible's
/// changed tasks go (null: not recorded, as for the image's test playbook).</summary>
public sealed record ProvisionContext(SshTarget Target, string HostAlias, string RunDirectory, MaskedRunLog Log,
    string BuildName, bool ColorOutput, string BuilderType = "amazon-ebs", AnsibleChanges? Changes = null);

/// <summary>One kind of provisioner (ansible, shell, file).</summary>
public interface IProvisioner
{
    Task RunAsync(ProvisionContext context, CancellationToken ct);
}
