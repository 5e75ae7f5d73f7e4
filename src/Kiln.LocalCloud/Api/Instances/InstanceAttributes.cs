using Kiln.LocalCloud.Api.Common;
using Kiln.LocalCloud.Compute;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;
using static Kiln.LocalCloud.Hosting.Ec2Xml;

namespace Kiln.LocalCloud.Api.Instances;

/// <summary>ModifyInstanceAttribute for ENA and SR-IOV support (EC2 changes them on a stopped instance only; CreateImage
/// passes them to the image), and DescribeInstanceCreditSpecifications (the CPU credits of burstable instances).</summary>
public static class InstanceAttributes
{
    public static Ec2Result Modify(Ec2Call call)
    {
        var p = call.Params;
        var id = Requests.CheckId(p.Required("InstanceId"), "i", "InvalidInstanceID.Malformed");
        var attribute = p.Get("Attribute");
        var ena = p.Bool("EnaSupport.Value") ?? (attribute == "enaSupport" ? p.Bool("Value") : null);
        var sriov = p.Get("SriovNetSupport.Value") ?? (attribute == "sriovNetSupport" ? p.Get("Value") : null);
        if (ena is null && sriov is null)
            throw Ec2Errors.InvalidValue("Attribute", attribute, "The local cloud modifies enaSupport and sriovNetSupport only.");
        if (sriov is not (null or "simple"))
            throw Ec2Errors.InvalidValue("SriovNetSupport", sriov, "The only value is simple.");
        call.Cloud.State.Write(tx =>
        {
            var instance = InstanceLookup.Get(tx, [id])[0];
            if (instance.State != InstanceStates.Stopped)
                throw Ec2Errors.IncorrectState($"The instance '{id}' is not in the 'stopped' state.");
            var o = instance.Settings;
            tx.Put(instance with { Options = o with { EnaSupport = ena ?? o.EnaSupport, SriovNetSupport = sriov ?? o.SriovNetSupport } });
        });
        return Ec2Result.True;
    }

    public static Ec2Result DescribeCredits(Ec2Call call)
    {
        var ids = InstanceLookup.Ids(call.Params, required: false);
        var instances = call.Cloud.State.Read(tx => ids.Count > 0 ? InstanceLookup.Get(tx, ids) : tx.All<InstanceRecord>());
        return Ec2Result.Of(Set("instanceCreditSpecificationSet", instances
            .Where(i => i.IsLive && i.Settings.CpuCredits is not null)
            .Select(i => new object?[] { E("instanceId", i.Id), E("cpuCredits", i.Settings.CpuCredits) })));
    }
}
