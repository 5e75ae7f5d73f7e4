using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Baking;

/// <summary>One bake to run: its id, its resolved spec, and what the run record shows as its arguments.</summary>
public sealed record BakeRequest(RunId Run, BakeSpec Spec, string Arguments, string Kind = "bake", string? Job = null);
