using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>`data` blocks. `amazon-ami` is built on the bake's own image lookup: its `id` stands for the image its
/// filters select, and a source whose `source_ami` is that id searches with those filters against the cloud when
/// the bake starts (as Packer's data source does before the build). Any other use of its attributes, and every
/// other data source, is refused by name before anything runs.</summary>
internal static class HclData
{
    public const string Marker = "kiln-data-amazon-ami:";

    public sealed record AmazonAmi(string Name, HclValue Filters, HclValue Owners, bool MostRecent, HclRange Range);

    public static Dictionary<string, AmazonAmi> Resolve(HclReadState st)
    {
        var amis = new Dictionary<string, AmazonAmi>();
        foreach (var (_, body) in st.Files)
        {
            foreach (var block in body.BlocksOf("data"))
            {
                if (block.Labels.Count != 2) { st.Report(block.TypeRange, "Missing labels: write data \"TYPE\" \"NAME\" { … }"); continue; }
                var (type, name) = (block.Labels[0], block.Labels[1]);
                switch (type)
                {
                    case "amazon-ami":
                        if (Ami(st, block, name) is { } ami)
                        {
                            amis[name] = ami;
                            st.Data[$"{type}.{name}"] = HclValue.Object([KeyValuePair.Create("id", HclValue.Of(Marker + name))]);
                        }
                        break;
                    case "amazon-parameterstore":
                        st.Report(block.LabelRanges[0], "data \"amazon-parameterstore\" is not supported by Kiln: pass the parameter's value as a variable (-var, a -var-file or PKR_VAR_name; mark it sensitive if it is a secret)");
                        break;
                    case "amazon-secretsmanager":
                        st.Report(block.LabelRanges[0], "data \"amazon-secretsmanager\" is not supported by Kiln: pass the secret as a sensitive variable (-var or PKR_VAR_name)");
                        break;
                    default:
                        st.Report(block.LabelRanges[0], $"data \"{type}\" is not supported by Kiln: Kiln reads data \"amazon-ami\" (as the source image of an amazon-ebs source)");
                        break;
                }
            }
        }
        return amis;
    }

    private static AmazonAmi? Ami(HclReadState st, HclBlock block, string name)
    {
        var context = st.Context();
        HclValue filters = HclValue.Map([]), owners = HclValue.List([]);
        var mostRecent = false;
        foreach (var a in block.Body.Attributes)
        {
            try
            {
                var v = HclEvaluator.Evaluate(a.Expr, context);
                switch (a.Name)
                {
                    case "filters": filters = HclTypeConversion.Convert(v, new HclType.Collection("map", HclType.String)); break;
                    case "owners": owners = HclTypeConversion.Convert(v, new HclType.Collection("list", HclType.String)); break;
                    case "most_recent": mostRecent = HclConvert.ToBool(v); break;
                    case "region" or "profile" or "access_key" or "secret_key" or "skip_region_validation" or "custom_endpoint_ec2":
                        if (a.Name == "secret_key") st.Secret(v);
                        break;
                    default:
                        st.Report(a.NameRange, $"Unsupported argument: \"{a.Name}\" is not an amazon-ami argument Kiln reads (filters, owners, most_recent, region)");
                        break;
                }
            }
            catch (HclException e) { st.Report(e); }
            catch (InvalidOperationException e) { st.Report(a.Expr.Range, $"Invalid value for \"{a.Name}\": {e.Message}"); }
        }
        if (owners is HclSequence { Items.Count: 0 })
        {
            st.Report(block.LabelRanges[1], $"data \"amazon-ami\" \"{name}\" must name owners (as Packer requires): add owners = [\"self\"] or an account id");
            return null;
        }
        return new AmazonAmi(name, filters, owners, mostRecent, block.LabelRanges[1]);
    }
}
