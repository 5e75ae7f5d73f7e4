namespace Kiln.Deploy.Aws;

/// <summary>Tags Kiln writes on the Auto Scaling groups of a deploy.</summary>
public static class DeployTags
{
    /// <summary>The deploy's name (`--group`): every generation of the group carries it.</summary>
    public const string Deploy = "kiln:deploy";
    /// <summary>The image the group's instances run.</summary>
    public const string Image = "kiln:image";
    /// <summary>What a rollback goes back to: `group:NAME` (blue/green) or `version:N` (rolling).</summary>
    public const string Rollback = "kiln:rollback";
}
