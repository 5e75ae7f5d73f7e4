using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Api.Images;

/// <summary>DeregisterImage: the image leaves the state at once; its snapshots stay (as on AWS) until deleted.
/// Its podman tag goes too, unless a container still runs from it (then when that instance terminates).</summary>
public static class DeregisterImage
{
    public static async Task<Ec2Result> HandleAsync(Ec2Call call, CancellationToken ct)
    {
        var id = Requests.CheckId(call.Params.Required("ImageId"), "ami", "InvalidAMIID.Malformed");
        call.Cloud.State.Write(tx => tx.Delete<ImageRecord>(RegionalImages.Image(tx, id, call.Region).Id));
        await call.Cloud.Podman.RemoveImageAsync(call.Cloud.Layout.PodmanImage(id), ct);
        return Ec2Result.True;
    }
}
