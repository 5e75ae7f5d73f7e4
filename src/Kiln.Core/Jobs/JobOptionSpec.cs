namespace Kiln.Core.Jobs;

/// <summary>One of a job's `options:` (Rundeck's job options): a value chosen at each start and used in the job's
/// definition as `${option.NAME}`. <paramref name="Values"/> is the allowed list (the UI shows a select);
/// <paramref name="Pattern"/> a regular expression the whole value must match. A <paramref name="Secure"/> option is
/// masked in every log line and never written to the run record, a notification or a page.</summary>
public sealed record JobOptionSpec(
    string Name, IReadOnlyList<string>? Values = null, string? Pattern = null, string? Default = null,
    bool Required = false, string? Description = null, bool Secure = false);
