using System.Text.RegularExpressions;
using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.LaunchTemplates;

public static partial class CreateLaunchTemplate
{
    [GeneratedRegex(@"^[a-zA-Z0-9().\-/_]{3,128}$")]
    private static partial Regex NamePattern();

    public static Ec2Result Handle(Ec2Call call)
    {
        var p = call.Params;
        var name = p.Required("LaunchTemplateName");
        if (!NamePattern().IsMatch(name))
            throw new Ec2Exception("InvalidLaunchTemplateName.MalformedException",
                $"A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _; got '{name}'");
        var data = LaunchTemplateDataParser.Parse(p.Sub("LaunchTemplateData"));
        var now = call.Cloud.Now;
        var template = new LaunchTemplateRecord(ResourceIds.New("lt"), name, now, 1, 1,
            [new LaunchTemplateVersion(1, p.Get("VersionDescription"), now, data)],
            Requests.TagsFor(Requests.TagSpecifications(p), "launch-template"));
        call.Cloud.State.Write(tx =>
        {
            if (tx.ByName<LaunchTemplateRecord>(name) is not null)
                throw new Ec2Exception("InvalidLaunchTemplateName.AlreadyExistsException",
                    $"Launch template name already in use: {name}");
            tx.Put(template);
        });
        return Ec2Result.Of(E("launchTemplate", LaunchTemplateXml.Template(template)));
    }
}
