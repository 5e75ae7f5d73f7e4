using System.Xml.Linq;
using Kiln.LocalCloud.Api.Images;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.LaunchTemplates;

public static class LaunchTemplateXml
{
    public const string CreatedBy = $"arn:aws:iam::{LocalAccount.Id}:root";

    public static object?[] Template(LaunchTemplateRecord t) =>
    [
        E("launchTemplateId", t.Id),
        E("launchTemplateName", t.Name),
        E("createTime", t.Created),
        E("createdBy", CreatedBy),
        E("defaultVersionNumber", t.DefaultVersion),
        E("latestVersionNumber", t.LatestVersion),
        Tags(t.Tags),
    ];

    public static object?[] Version(LaunchTemplateRecord t, LaunchTemplateVersion v) =>
    [
        E("launchTemplateId", t.Id),
        E("launchTemplateName", t.Name),
        E("versionNumber", v.Number),
        Opt("versionDescription", v.Description),
        E("createTime", v.Created),
        E("createdBy", CreatedBy),
        E("defaultVersion", v.Number == t.DefaultVersion),
        Data(v.Data),
    ];

    private static XElement Data(LaunchTemplateData d) => E("launchTemplateData",
        Opt("imageId", d.ImageId),
        Opt("instanceType", d.InstanceType),
        Opt("keyName", d.KeyName),
        d.SecurityGroupIds.Count > 0 ? Items("securityGroupIdSet", d.SecurityGroupIds.Select(g => E("item", g))) : null,
        Opt("userData", d.UserData),
        d.BlockDevices.Count > 0 ? ImageXml.BlockDevices(d.BlockDevices, "blockDeviceMappingSet") : null,
        d.TagSpecifications.Count > 0
            ? Set("tagSpecificationSet", d.TagSpecifications.Select(s => new object?[] { E("resourceType", s.ResourceType), Tags(s.Tags) }))
            : null);
}
