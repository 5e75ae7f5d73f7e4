using System.Text.Json.Nodes;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.State;
using Kiln.LocalCloud.Podman;
using static Kiln.LocalCloud.Gce.Hosting.GceJson;

namespace Kiln.LocalCloud.Gce.Operations;

/// <summary>
/// Long-running calls: the request is checked first (a bad one is an HTTP error, as Google answers), then the work
/// runs and the call answers its operation, DONE, with `error` when the work failed. The work is done before the
/// answer (about a second for an instance), so a client's wait returns at once. Operations are kept an hour.
/// </summary>
public static class GceOperations
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);

    public static Task<JsonNode> RunAsync(GceCall call, string type, string targetPath, ulong targetId, string? zone,
        Func<CancellationToken, Task> work, CancellationToken ct) => RunInAsync(call, type, targetPath, targetId, zone, null, work, ct);

    /// <summary>An operation of a regional resource (regions/{r}/operations).</summary>
    public static Task<JsonNode> RunRegionalAsync(GceCall call, string type, string targetPath, ulong targetId, string region,
        Func<CancellationToken, Task> work, CancellationToken ct) => RunInAsync(call, type, targetPath, targetId, null, region, work, ct);

    private static async Task<JsonNode> RunInAsync(GceCall call, string type, string targetPath, ulong targetId, string? zone, string? region,
        Func<CancellationToken, Task> work, CancellationToken ct)
    {
        var started = call.Now;
        IReadOnlyList<GceOperationError>? errors = null;
        int? httpStatus = null;
        string? httpMessage = null;
        try
        {
            await work(ct);
        }
        catch (GceException e)
        {
            errors = [new GceOperationError(Code(e.Reason), e.Message)];
            (httpStatus, httpMessage) = (e.Status, e.Reason);
        }
        catch (PodmanException e)
        {
            call.Cloud.Trace($"local-cloud: gce {type} of {targetPath} failed in podman: {e.Message}");
            errors = [new GceOperationError("INTERNAL_ERROR", $"The local cloud could not complete {type}: {e.Message}")];
            (httpStatus, httpMessage) = (500, "INTERNAL_SERVER_ERROR");
        }
        var name = $"operation-{started.ToUnixTimeMilliseconds()}-{Guid.NewGuid():N}"[..52];
        var path = zone is not null ? $"projects/{call.Project}/zones/{zone}/operations/{name}"
            : region is not null ? $"projects/{call.Project}/regions/{region}/operations/{name}"
            : $"projects/{call.Project}/global/operations/{name}";
        var op = new GceOperationRecord(path, NewNumber(), call.Project, zone, name, type, targetPath, targetId, "DONE", started,
            started, call.Now, errors, httpStatus, httpMessage) { Region = region };
        call.Cloud.State.Write(tx =>
        {
            tx.DeleteCreatedBefore<GceOperationRecord>(call.Now - KeptFor);
            tx.Put(op);
        });
        return Render(call, op);
    }

    private static string Code(string reason) => reason switch
    {
        "notFound" => "RESOURCE_NOT_FOUND",
        "alreadyExists" => "RESOURCE_ALREADY_EXISTS",
        "resourceInUseByAnotherResource" => "RESOURCE_IN_USE_BY_ANOTHER_RESOURCE",
        "invalid" => "INVALID_FIELD_VALUE",
        "conditionNotMet" => "CONDITION_NOT_MET",
        _ => reason.ToUpperInvariant(),
    };

    public static JsonObject Render(GceCall call, GceOperationRecord op) => Object(
        ("kind", "compute#operation"), ("id", Number(op.Number)), ("name", op.Name),
        ("zone", op.Zone is null ? null : call.Link($"projects/{op.Project}/zones/{op.Zone}")),
        ("region", op.Region is null ? null : call.Link($"projects/{op.Project}/regions/{op.Region}")),
        ("operationType", op.OperationType), ("targetLink", call.Link(op.TargetLink)), ("targetId", Number(op.TargetId)),
        ("status", op.Status), ("user", "kiln@local"), ("progress", 100), ("insertTime", Time(op.Created)),
        ("startTime", Time(op.Started)), ("endTime", Time(op.Ended)),
        ("error", op.Errors is null ? null : new JsonObject
        {
            ["errors"] = Array(op.Errors.Select(e => (JsonNode?)new JsonObject { ["code"] = e.Code, ["message"] = e.Message })),
        }),
        ("httpErrorStatusCode", op.HttpErrorStatusCode), ("httpErrorMessage", Str(op.HttpErrorMessage)),
        ("selfLink", call.Link(op.Id)));
}
