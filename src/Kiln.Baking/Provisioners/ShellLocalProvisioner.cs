using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>Packer's shell-local provisioner (<see cref="ShellLocal"/>); output goes to the run log (stream "shell-local").</summary>
public sealed class ShellLocalProvisioner(ShellLocalProvisionerSpec spec) : IProvisioner
{
    public Task RunAsync(ProvisionContext context, CancellationToken ct) =>
        ShellLocal.RunAsync(spec, context.BuildName, context.BuilderType, new Dictionary<string, string>(), context.RunDirectory,
            context.Log.Info, line => context.Log.Write("shell-local", line), ct);
}
