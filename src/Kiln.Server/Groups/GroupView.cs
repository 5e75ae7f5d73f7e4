using Kiln.Core.Groups;

namespace Kiln.Server.Groups;

/// <summary>A group the deploy jobs manage, as the groups page shows it: the jobs and family that deploy to it, and
/// its state as the cloud answered, or why it is unknown (<paramref name="Unknown"/>; then <paramref name="State"/>
/// is null).</summary>
public sealed record GroupView(string Group, IReadOnlyList<string> Jobs, string? Family, GroupState? State, string? Unknown);
