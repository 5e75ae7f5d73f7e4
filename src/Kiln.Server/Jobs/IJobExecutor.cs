using Kiln.Core;
using Kiln.Core.Runs;

namespace Kiln.Server.Jobs;

/// <summary>Runs one job of one kind (bake, prune, deploy). The server has written the run's start record before
/// this is called and writes its end after; the executor records steps and resources through
/// <see cref="JobRun.Store"/> as they happen, logs through <see cref="JobRun.Log"/>, and throws to fail
/// (OperationCanceledException when <c>ct</c> was cancelled).</summary>
public interface IJobExecutor
{
    JobKind Kind { get; }
    Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct);
}

/// <param name="InputImage">The image handed on by the job that chained to this one (`then:`), if any.</param>
public sealed record JobRun(JobDefinition Job, RunId Id, IRunLog Log, IRunStore Store, string User, ImageId? InputImage);

/// <param name="Image">The image the run produced (a bake) or rolled out (a deploy), handed to the next job.</param>
/// <param name="ImageName">Its name, recorded beside the id (as `kiln bake` records it: "ami-… name").</param>
/// <param name="UpToDate">A bake that found its inputs unchanged and made nothing: recorded `up-to-date`, and
/// `then:` does not run.</param>
public sealed record JobOutcome(ImageId? Image = null, string? ResultJson = null, string? ImageName = null, bool UpToDate = false)
{
    public string? RecordedImage => Image is null ? null : ImageName is null ? Image.Value.Value : $"{Image} {ImageName}";

    /// <summary>The image id of a recorded image ("ami-… name" or "ami-…").</summary>
    public static string? IdOf(string? recorded) => recorded?.Split(' ', 2)[0];
}

/// <summary>A job that failed with a result to record (a bake's steps and warnings as JSON).</summary>
public sealed class JobFailedException(string message, string? resultJson) : Exception(message)
{
    public string? ResultJson { get; } = resultJson;
}

/// <summary>Raised for a job whose kind this build of Kiln cannot run yet; the run fails with this message.</summary>
public sealed class JobNotAvailableException(string message) : Exception(message);

/// <summary>Stands in for a kind whose engine is not part of this build: fails the run with a clear message.</summary>
public sealed class NotAvailableExecutor(JobKind kind, string why) : IJobExecutor
{
    public JobKind Kind => kind;
    public Task<JobOutcome> RunAsync(JobRun run, CancellationToken ct) =>
        throw new JobNotAvailableException($"{Roles(kind)} jobs are not available in this build of kiln: {why}");

    private static string Roles(JobKind k) => k.ToString().ToLowerInvariant();
}
