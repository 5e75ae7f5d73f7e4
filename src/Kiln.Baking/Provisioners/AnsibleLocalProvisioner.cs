using System.Text;
using Kiln.Baking.Processes;
using Kiln.Baking.Ssh;
using Kiln.Core.Baking;

namespace Kiln.Baking.Provisioners;

/// <summary>Packer's ansible-local (<see cref="AnsibleLocalPlan"/>): uploads the staging directory's files over ssh,
/// then runs ansible-galaxy and ansible-playbook on the instance; their output goes to the run log (stream "ansible").
/// Ansible is not installed by Kiln: the image must have it, as Packer requires.</summary>
public sealed class AnsibleLocalProvisioner(AnsibleLocalProvisionerSpec spec) : IProvisioner
{
    public async Task RunAsync(ProvisionContext context, CancellationToken ct)
    {
        var plan = AnsibleLocalPlan.For(spec, context.BuildName, context.BuilderType);
        context.Log.Info($"Provisioning with Ansible on the instance (staging directory {plan.Staging})");
        if (spec.PlaybookDirectory is null) await SshClient.RunCheckedAsync(context.Target, $"mkdir -p {SshClient.Quote(plan.Staging)}", "mkdir", ct);
        foreach (var upload in plan.Uploads)
        {
            context.Log.Info($"Uploading {upload.Local} => {upload.Remote}");
            if (upload.IsDirectory) await Upload.DirectoryAsync(context.Target, upload.Local, upload.Remote, ct);
            else await Upload.FileAsync(context.Target, upload.Local, upload.Remote, ct);
        }
        if (plan.InventoryContent is { } inventory)
            await Upload.BytesAsync(context.Target, Encoding.UTF8.GetBytes(inventory), plan.Inventory, ct);

        if (plan.Galaxy is { } galaxy) await RunAsync(context, galaxy, "ansible-galaxy", spec.GalaxyCommand, ct);
        foreach (var playbook in plan.Playbooks) await RunAsync(context, playbook, "ansible-playbook", spec.Command, ct);

        if (spec.CleanStagingDirectory)
        {
            context.Log.Info($"Removing staging directory {plan.Staging}");
            await SshClient.RunCheckedAsync(context.Target, $"rm -rf {SshClient.Quote(plan.Staging)}", "rm", ct);
        }
    }

    private static async Task RunAsync(ProvisionContext context, string command, string what, string program, CancellationToken ct)
    {
        context.Log.Info($"Executing Ansible: {command}");
        var result = await SshClient.RunAsync(context.Target, command, (_, line) => context.Log.Write("ansible", line), ct);
        if (result.ExitCode == 127)
            throw new ProcessFailedException(what, 127, $"'{program}' was not found on the instance: ansible-local needs Ansible on the image (install it with a shell provisioner first, or set command)");
        if (result.ExitCode != 0) throw new ProcessFailedException($"{what} on the instance", result.ExitCode);
    }
}
