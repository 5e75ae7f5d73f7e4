using Kiln.LocalCloud.Api.Images;
using Kiln.LocalCloud.Api.Snapshots;
using Kiln.LocalCloud.Hosting;

namespace Kiln.LocalCloud.Api;

/// <summary>Every EC2 action the local cloud answers; anything else is InvalidAction.</summary>
public static class Ec2Actions
{
    public static ActionTable Table() => new ActionTable()
        .Add("DescribeImages", DescribeImages.Handle)
        .Add("CreateImage", CreateImage.HandleAsync)
        .Add("DeregisterImage", DeregisterImage.HandleAsync)
        .Add("DescribeSnapshots", DescribeSnapshots.Handle)
        .Add("DeleteSnapshot", DeleteSnapshot.Handle);
}
