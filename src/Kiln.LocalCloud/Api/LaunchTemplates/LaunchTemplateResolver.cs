using System.Globalization;
using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.LaunchTemplates;

/// <summary>Finds a launch template by id or name and a version by `$Latest`, `$Default` or number, with EC2's codes.</summary>
public static class LaunchTemplateResolver
{
    public static LaunchTemplateRecord Find(StateTx tx, string? id, string? name)
    {
        if (id is not null)
        {
            Requests.CheckId(id, "lt", "InvalidLaunchTemplateId.Malformed");
            return tx.Get<LaunchTemplateRecord>(id) ?? throw NotFound(id);
        }
        if (name is not null)
            return tx.ByName<LaunchTemplateRecord>(name)
                ?? throw new Ec2Exception("InvalidLaunchTemplateName.NotFoundException",
                    $"The specified launch template, with template name {name}, does not exist.");
        throw Ec2Errors.Missing("LaunchTemplateId or LaunchTemplateName");
    }

    public static Ec2Exception NotFound(string id) =>
        Ec2Errors.NotFound("InvalidLaunchTemplateId.NotFound", $"The specified launch template, with template ID {id}, does not exist.");

    public static LaunchTemplateVersion Version(LaunchTemplateRecord t, string? version)
    {
        var number = version switch
        {
            null or "$Default" => t.DefaultVersion,
            "$Latest" => t.LatestVersion,
            _ when int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw new Ec2Exception("InvalidLaunchTemplateId.VersionNotFound", $"Could not find launch template version {version}"),
        };
        return t.Versions.FirstOrDefault(v => v.Number == number)
            ?? throw new Ec2Exception("InvalidLaunchTemplateId.VersionNotFound", $"Could not find launch template version {version} of {t.Id}");
    }

    /// <summary>The data RunInstances uses when it names a launch template.</summary>
    public static LaunchTemplateData Resolve(StateTx tx, string? id, string? name, string? version) =>
        Version(Find(tx, id, name), version).Data;
}
