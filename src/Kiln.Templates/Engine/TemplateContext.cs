namespace Kiln.Templates.Engine;

/// <summary>What a template string can see where it is rendered: Packer renders `variables` with env allowed,
/// and each builder's and provisioner's options with that build's name and type.</summary>
public sealed record TemplateContext
{
    /// <summary>One instant for the whole template, as Packer's InitTime: every isotime and timestamp agree.</summary>
    public required DateTimeOffset Now { get; init; }
    /// <summary>`{{user `x`}}`; throws <see cref="TemplateException"/> for a variable that cannot be had.</summary>
    public Func<string, string>? User { get; init; }
    /// <summary>`{{env `X`}}`; null where Packer forbids it (everywhere but `variables`).</summary>
    public Func<string, string?>? Env { get; init; }
    public string? BuildName { get; init; }
    public string? BuildType { get; init; }
    public string? TemplateDirectory { get; init; }
    public string? WorkingDirectory { get; init; }
    public Func<string> NewUuid { get; init; } = () => Guid.CreateVersion7().ToString();
    /// <summary>Build variables known only once the source image is found (`{{ .SourceAMIName }}` in tags): such
    /// an action is kept as written, for <see cref="BuildVariables.Render"/> at tagging time.</summary>
    public bool DeferBuildVariables { get; init; }
}
