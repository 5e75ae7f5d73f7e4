namespace Kiln.Core.Baking;

/// <summary>kiln.yml's `tests:`: what must hold on a fresh instance of the new image before it counts as the family's
/// newest. <paramref name="Commands"/> run over SSH with sudo, each must exit 0; <paramref name="Playbook"/> is an
/// ansible-playbook run with the bake's own settings (vault, extra vars, strategy; not its --tags, which select the
/// bake's tasks). <paramref name="Timeout"/> bounds all of them together.</summary>
public sealed record ImageTestsSpec(IReadOnlyList<string> Commands, AnsibleProvisionerSpec? Playbook, TimeSpan Timeout)
{
    /// <summary>Ten minutes: several times what a service check needs, short enough that a hung test does not hold the
    /// family's lock for long.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);
}
