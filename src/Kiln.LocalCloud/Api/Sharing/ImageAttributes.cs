using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Api.Images;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Sharing;

/// <summary>Modify/Describe/ResetImageAttribute: launch permissions (accounts and `all`, which makes the image
/// public), product codes (added only, as in EC2), the description, imdsSupport (v2.0 only); the others are described
/// as EC2 does.</summary>
public static class ImageAttributes
{
    public static Ec2Result Modify(Ec2Call call)
    {
        var p = call.Params;
        var id = Requests.CheckId(p.Required("ImageId"), "ami", "InvalidAMIID.Malformed");
        call.Cloud.State.Write(tx =>
        {
            var image = RegionalImages.Image(tx, id, call.Region);
            var shared = image.Shared;
            var attribute = p.Get("Attribute");
            if (p.Has("LaunchPermission") || attribute == "launchPermission" || p.Has("UserId") || p.Has("UserGroup"))
                shared = PermissionChanges.Apply(shared, p, "LaunchPermission", "UserGroup");
            var codes = p.List("ProductCode");
            if (codes.Count > 0)
                shared = shared with { ProductCodes = [.. shared.ProductCodes.Union(codes)] };
            var description = p.Get("Description.Value") ?? (attribute == "description" ? p.Get("Value") : null);
            var imds = p.Get("ImdsSupport.Value") ?? (attribute == "imdsSupport" ? p.Get("Value") : null);
            // EC2 takes v2.0 only, and never goes back from it.
            if (imds is not (null or "v2.0")) throw Ec2Errors.InvalidValue("ImdsSupport", imds, "The only value is v2.0.");
            tx.Put(image with { Permissions = shared, Description = description ?? image.Description, ImdsSupport = imds ?? image.ImdsSupport });
        });
        return Ec2Result.True;
    }

    public static Ec2Result Describe(Ec2Call call)
    {
        var p = call.Params;
        var id = Requests.CheckId(p.Required("ImageId"), "ami", "InvalidAMIID.Malformed");
        var attribute = p.Required("Attribute");
        var image = call.Cloud.State.Read(tx => RegionalImages.Image(tx, id, call.Region));
        var value = attribute switch
        {
            "launchPermission" => PermissionChanges.Xml("launchPermission", image.Shared),
            "productCodes" => ImageXml.ProductCodes(image.Shared.ProductCodes),
            "description" => E("description", Opt("value", image.Description)),
            "blockDeviceMapping" => ImageXml.BlockDevices(image.BlockDevices),
            "kernel" => E("kernel"),
            "ramdisk" => E("ramdisk"),
            "sriovNetSupport" => E("sriovNetSupport", Opt("value", image.SriovNetSupport)),
            "imdsSupport" => E("imdsSupport", Opt("value", image.ImdsSupport)),
            "bootMode" => E("bootMode", E("value", "legacy-bios")),
            _ => throw Ec2Errors.InvalidValue("Attribute", attribute,
                "Use description, kernel, ramdisk, launchPermission, productCodes, blockDeviceMapping, sriovNetSupport, imdsSupport or bootMode."),
        };
        return Ec2Result.Of(E("imageId", image.Id), value);
    }

    public static Ec2Result Reset(Ec2Call call)
    {
        var p = call.Params;
        var id = Requests.CheckId(p.Required("ImageId"), "ami", "InvalidAMIID.Malformed");
        if (p.Required("Attribute") is not "launchPermission" and var other)
            throw Ec2Errors.InvalidValue("Attribute", other, "Only launchPermission can be reset.");
        call.Cloud.State.Write(tx =>
        {
            var image = RegionalImages.Image(tx, id, call.Region);
            tx.Put(image with { Permissions = image.Shared with { Users = [], Groups = [] } });
        });
        return Ec2Result.True;
    }
}
