using Kiln.Baking.Ssh;

namespace Kiln.Baking.Provisioners;

/// <summary>What a provisioner works with: the instance over SSH, the run's directory and log.</summary>
public sealed record ProvisionContext(SshTarget Target, string HostAlias, string RunDirectory, MaskedRunLog Log,
    string BuildName, bool ColorOutput, string BuilderType = "amazon-ebs");

/// <summary>One kind of provisioner (ansible, shell, file).</summary>
public interface IProvisioner
{
    Task RunAsync(ProvisionContext context, CancellationToken ct);
}
