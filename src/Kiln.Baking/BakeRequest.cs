using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Baking;

/// <summary>One bake to run: its id, its resolved spec, and what the run record shows as its arguments.
/// <paramref name="User"/>: who asked (default: the OS user). <paramref name="RunRecorded"/>: the caller (the job
/// server) has written the run's start record already, so the engine only adds to it.</summary>
public sealed record BakeRequest(RunId Run, BakeSpec Spec, string Arguments, string Kind = "bake", string? Job = null,
    string? User = null, bool RunRecorded = false)
{
    /// <summary>The check that the playbooks select a task (<see cref="Provisioners.PlaybookTaskCheck.StartAll"/>), when
    /// the caller started it early (the CLI: while the cloud connects); otherwise the first step starts it.</summary>
    public Task<IReadOnlyList<string>>? PlaybookCheck { get; init; }
    /// <summary>The playbook tree's entries (<see cref="Inputs.PlaybookTree.ReadAsync"/>), when the caller read them
    /// already (the CLI: for the up-to-date answer); otherwise the first step reads them.</summary>
    public Task<IReadOnlyList<Inputs.TreeEntry>>? PlaybookTree { get; init; }
}
