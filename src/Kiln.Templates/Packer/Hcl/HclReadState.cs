using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>What the HCL2 readers share while reading one template: its files, the problems found so far (each
/// with its line and a caret), the values of var, local and data, and the functions.</summary>
internal sealed class HclReadState(PackerReadContext rc, HclFunctionHost host)
{
    public const string PackerVersion = "1.11.2";

    public PackerReadContext Rc => rc;

    /// <summary>path.root as Packer sets it: the template's directory as the command line gave it (".", "dir").</summary>
    public string RootPath { get; init; } = ".";
    public List<(HclSource Source, HclBody Body)> Files { get; } = [];
    public Dictionary<string, HclSource> Sources { get; } = [];

    /// <summary>Functions outside variable defaults: env() and Packer's secret stores are refused with a reason.</summary>
    public HclFunctions Functions { get; } = HclFunctions.Create(host)
        .Refusing("env", "env() is allowed only in a variable's default, as in Packer: declare variable \"x\" { default = env(\"X\") } and use var.x")
        .Refusing("aws_secretsmanager", "aws_secretsmanager() is not supported by Kiln: pass the secret as a sensitive variable (-var or PKR_VAR_name)")
        .Refusing("aws_secretsmanager_raw", "aws_secretsmanager_raw() is not supported by Kiln: pass the secret as a sensitive variable (-var or PKR_VAR_name)")
        .Refusing("vault", "vault() is not supported by Kiln: pass the secret as a sensitive variable (-var or PKR_VAR_name)")
        .Refusing("consul_key", "consul_key() is not supported by Kiln: pass the value as a variable");

    /// <summary>For variable defaults: every function, env() included.</summary>
    public HclFunctions DefaultFunctions { get; } = HclFunctions.Create(host).With("env", HclFunction.Fixed(1, a =>
        HclValue.Of(Environment.GetEnvironmentVariable(HclConvert.ToStr(a[0], "\"key\"")) ?? "")));

    public Dictionary<string, HclValue> Variables { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, HclValue> Locals { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, HclValue> Data { get; } = new(StringComparer.Ordinal);
    public HashSet<string> SensitiveVariables { get; } = [];
    public HashSet<string> SensitiveLocals { get; } = [];

    public void Report(HclException e) => rc.Problems.Add(e.Diagnostic.ToString());

    public void Report(HclRange range, string message) => rc.Problems.Add(HclDiagnostic.Format(range, message));

    /// <summary>The context of sources, builds and locals: var, local, data, path and packer.</summary>
    public HclContext Context()
    {
        var dataByType = Data.GroupBy(d => d.Key.Split('.')[0])
            .ToDictionary(g => g.Key, g => HclValue.Object(g.Select(d => KeyValuePair.Create(d.Key[(d.Key.IndexOf('.') + 1)..], d.Value))));
        return new HclContext(new Dictionary<string, HclValue>
        {
            ["var"] = HclValue.Object(Variables),
            ["local"] = HclValue.Object(Locals),
            ["data"] = HclValue.Object(dataByType),
            ["path"] = HclValue.Object([KeyValuePair.Create("root", HclValue.Of(RootPath)), KeyValuePair.Create("cwd", HclValue.Of(rc.WorkingDirectory))]),
            ["packer"] = HclValue.Object([KeyValuePair.Create("version", HclValue.Of(PackerVersion))]),
        }, Functions) { Missing = Missing };
    }

    private static string? Missing(string name) => name switch
    {
        "source" => "Unknown variable: source.name and source.type exist only inside a build block's provisioners and post-processors",
        "build" => "Unknown variable: build.* exists only inside a build block",
        "each" => "Unknown variable: each.key and each.value are not Packer's; in a dynamic block use the iterator, named after the block's label (such as provisioner.value)",
        "self" => "Unknown variable: self is not available here",
        _ => null,
    };

    public void Secret(HclValue value)
    {
        foreach (var s in HclValues.Strings(value))
            if (s.Length > 0) rc.Secrets.Add(s);
    }
}
