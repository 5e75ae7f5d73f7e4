namespace Kiln.Core.Steps;

/// <summary>Thrown by a step that finds nothing left to do (a bake whose inputs are those of the family's newest
/// image): the runner records that step as succeeded, runs no later step, runs the cleanups, and reports success
/// with <see cref="PlanResult.CompletedEarly"/> set to this message.</summary>
public sealed class PlanCompleteException(string reason) : Exception(reason);
