using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.LaunchTemplates;

public static class DeleteLaunchTemplate
{
    public static Ec2Result Handle(Ec2Call call)
    {
        var template = call.Cloud.State.Write(tx =>
        {
            var t = LaunchTemplateResolver.Find(tx, call.Params.Get("LaunchTemplateId"), call.Params.Get("LaunchTemplateName"));
            tx.Delete<LaunchTemplateRecord>(t.Id);
            return t;
        });
        return Ec2Result.Of(E("launchTemplate", LaunchTemplateXml.Template(template)));
    }
}
