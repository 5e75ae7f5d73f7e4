using System.Collections;
using Kiln.Templates.Config;
using Kiln.Templates.Hcl;

namespace Kiln.Templates.Packer.Hcl;

/// <summary>`variable` and `variables` blocks, and their values from lowest to highest precedence as Packer sets
/// them: default, PKR_VAR_name, *.auto.pkrvars.* (lexical order), then -var-file and -var in command-line order.
/// Then each value is converted to the declared type and checked by its validation blocks.</summary>
internal static class HclVariables
{
    private sealed record Declared(string Name, HclType Type, HclValue? Default, bool Sensitive, string Description,
        IReadOnlyList<HclBlock> Validations, HclRange Range)
    {
        /// <summary>A default that failed is reported once, not again as "unset".</summary>
        public bool BadDefault { get; init; }
    }

    private static readonly HashSet<string> VariableAttributes = ["type", "default", "description", "sensitive", "nullable"];

    public static IReadOnlyDictionary<string, string> Descriptions { get; private set; } = new Dictionary<string, string>();

    public static void Resolve(HclReadState st, IReadOnlyList<string> autoVarFiles, IReadOnlyList<PackerVarArg> args, IDictionary environment)
    {
        var declared = Declare(st);
        var values = new Dictionary<string, (HclValue Value, HclRange Range)>();
        foreach (var (name, d) in declared)
            if (d.Default is not null) values[name] = (d.Default, d.Range);
        foreach (var (name, d) in declared)
            if (environment[$"PKR_VAR_{name}"]?.ToString() is { } raw && FromText(st, raw, d.Type, $"PKR_VAR_{name}") is { } fromEnv)
                values[name] = (fromEnv, HclRange.None);
        foreach (var file in autoVarFiles) ReadVarFile(st, file, declared, values);
        foreach (var arg in args)
        {
            switch (arg)
            {
                case PackerVarArg.VarFile f:
                    ReadVarFile(st, f.Path, declared, values);
                    break;
                case PackerVarArg.Var v when !declared.TryGetValue(v.Name, out _):
                    st.Rc.Problems.Add($"-var {v.Name}: there is no variable named \"{v.Name}\": declare it with variable \"{v.Name}\" {{ type = string }}"
                        + Near(v.Name, declared.Keys));
                    break;
                case PackerVarArg.Var v:
                    // A value that does not parse is reported; the lower one stays, so the rest is still checked.
                    if (FromText(st, v.Value, declared[v.Name].Type, $"-var {v.Name}") is { } fromFlag) values[v.Name] = (fromFlag, HclRange.None);
                    break;
            }
        }
        foreach (var (name, d) in declared)
        {
            if (!values.TryGetValue(name, out var given))
            {
                if (d.BadDefault) continue;
                st.Report(d.Range, $"Unset variable \"{name}\": a used variable must be set or have a default; give -var {name}=VALUE, a -var-file or PKR_VAR_{name}");
                continue;
            }
            HclValue value;
            try { value = HclTypeConversion.Convert(given.Value, d.Type); }
            catch (InvalidOperationException e)
            {
                var where = given.Range.Source is null ? d.Range : given.Range;
                st.Report(where, $"Invalid value for variable \"{name}\": {e.Message} (the variable's type is {d.Type})");
                continue;
            }
            st.Variables[name] = value;
            if (d.Sensitive) { st.SensitiveVariables.Add(name); st.Secret(value); }
        }
        foreach (var (name, d) in declared)
            if (st.Variables.TryGetValue(name, out var value)) Validate(st, d, value);
    }

    private static Dictionary<string, Declared> Declare(HclReadState st)
    {
        var declared = new Dictionary<string, Declared>(StringComparer.Ordinal);
        var descriptions = new Dictionary<string, string>();
        var defaults = new HclContext(null, st.DefaultFunctions)
        {
            Missing = n => n is "var" or "local" or "data" ? "Variables not allowed: a variable's default cannot refer to var, local or data (as in Packer); use a local" : null,
        };
        foreach (var (_, body) in st.Files)
        {
            foreach (var block in body.BlocksOf("variables"))
            {
                foreach (var b in block.Body.Blocks) st.Report(b.TypeRange, $"Unsupported block type: a variables block holds name = default pairs; use variable \"{b.Type}\" {{ … }} for a typed variable");
                foreach (var a in block.Body.Attributes)
                {
                    if (declared.ContainsKey(a.Name)) { st.Report(a.NameRange, $"Duplicate variable: \"{a.Name}\" is declared twice"); continue; }
                    var value = Eval(st, a.Expr, defaults);
                    declared[a.Name] = new Declared(a.Name, HclType.Any, value, false, "", [], a.NameRange);
                }
            }
            foreach (var block in body.BlocksOf("variable"))
            {
                if (block.Labels.Count != 1) { st.Report(block.TypeRange, "Missing name for variable: write variable \"NAME\" { … }"); continue; }
                var name = block.Labels[0];
                if (declared.ContainsKey(name)) { st.Report(block.LabelRanges[0], $"Duplicate variable: \"{name}\" is declared twice"); continue; }
                foreach (var a in block.Body.Attributes.Where(a => !VariableAttributes.Contains(a.Name)))
                    st.Report(a.NameRange, $"Unsupported argument: \"{a.Name}\" is not a variable argument (type, default, description, sensitive, validation)");
                foreach (var b in block.Body.Blocks.Where(b => b.Type != "validation"))
                    st.Report(b.TypeRange, $"Unsupported block type: \"{b.Type}\" inside a variable (only validation)");
                var type = HclType.Any;
                if (block.Body.Attribute("type") is { } t)
                {
                    try { type = HclType.Parse(t.Expr, e => HclEvaluator.Evaluate(e, defaults)); }
                    catch (HclException e) { st.Report(e); }
                }
                HclValue? def = null;
                var badDefault = false;
                if (block.Body.Attribute("default") is { } da)
                {
                    var raw = Eval(st, da.Expr, defaults);
                    badDefault = raw is null;
                    try { def = raw is null ? null : HclTypeConversion.Convert(raw, type); }
                    catch (InvalidOperationException e)
                    {
                        badDefault = true;
                        st.Report(da.Expr.Range, $"Invalid default value for variable: {e.Message} (the type is {type})");
                    }
                }
                var sensitive = block.Body.Attribute("sensitive") is { } s && Eval(st, s.Expr, defaults) is { } sv && Bool(st, sv, s.Expr);
                var description = block.Body.Attribute("description") is { } desc && Eval(st, desc.Expr, defaults) is HclString ds ? ds.Value : "";
                descriptions[name] = description;
                declared[name] = new Declared(name, type, def, sensitive, description, [.. block.Body.BlocksOf("validation")], block.LabelRanges[0]) { BadDefault = badDefault };
            }
        }
        Descriptions = descriptions;
        return declared;
    }

    private static bool Bool(HclReadState st, HclValue v, HclExpr at)
    {
        try { return HclConvert.ToBool(v); }
        catch (InvalidOperationException e) { st.Report(at.Range, $"Invalid value: {e.Message}"); return false; }
    }

    private static HclValue? Eval(HclReadState st, HclExpr expr, HclContext context)
    {
        try { return HclEvaluator.Evaluate(expr, context); }
        catch (HclException e) { st.Report(e); return null; }
    }

    /// <summary>-var and PKR_VAR_ values: the raw text for a string variable, an HCL expression otherwise.</summary>
    private static HclValue? FromText(HclReadState st, string raw, HclType type, string origin)
    {
        if (type is HclType.Primitive { Name: "string" }) return HclValue.Of(raw);
        if (type is HclType.Primitive { Name: "any" } && !LooksLikeExpression(raw)) return HclValue.Of(raw);
        try { return HclEvaluator.Evaluate(HclParser.ParseExpression(new HclSource(origin, raw)), new HclContext()); }
        catch (HclException e)
        {
            st.Rc.Problems.Add($"{origin}: the value is not a valid HCL expression for a {type} variable: {e.Message}");
            return null;
        }
    }

    private static bool LooksLikeExpression(string raw) => raw.TrimStart() is { Length: > 0 } t && t[0] is '[' or '{';

    private static void ReadVarFile(HclReadState st, string path, Dictionary<string, Declared> declared, Dictionary<string, (HclValue, HclRange)> values)
    {
        var full = st.Rc.FullPath(path);
        if (!File.Exists(full)) { st.Rc.Problems.Add($"-var-file '{path}' does not exist (looked for {full})"); return; }
        if (path.EndsWith(".json", StringComparison.Ordinal))
        {
            var node = JsonTree.Parse(File.ReadAllBytes(full), path, st.Rc.Problems);
            if (node is not ConfigMap map)
            {
                if (node is not ConfigScalar { Kind: ScalarKind.Null }) st.Rc.Problems.At(node, $"a -var-file must hold a JSON object of \"name\": value pairs, got {node.KindName}");
                return;
            }
            foreach (var entry in map.Entries)
            {
                if (!declared.ContainsKey(entry.Key)) { Undeclared(st, $"{entry.KeyPosition}", entry.Key, declared); continue; }
                values[entry.Key] = (HclValues.FromNode(entry.Value), HclRange.None);
            }
            return;
        }
        var source = HclTemplateFiles.Load(path, st.Rc.WorkingDirectory);
        st.Sources[source.FileName] = source;
        HclBody body;
        try { body = HclParser.ParseFile(source); }
        catch (HclException e) { st.Report(e); return; }
        foreach (var b in body.Blocks) st.Report(b.TypeRange, $"Unexpected \"{b.Type}\" block: a variable file holds only name = value assignments");
        var context = new HclContext(null, st.Functions) { Missing = n => $"Variables not allowed: a variable file's values cannot refer to \"{n}\"" };
        foreach (var a in body.Attributes)
        {
            if (!declared.ContainsKey(a.Name)) { Undeclared(st, a.NameRange.ToString(), a.Name, declared); continue; }
            if (Eval(st, a.Expr, context) is { } v) values[a.Name] = (v, a.Expr.Range);
        }
    }

    /// <summary>As Packer: a value in a file for a variable nobody declared is a warning, not an error.</summary>
    private static void Undeclared(HclReadState st, string where, string name, Dictionary<string, Declared> declared) =>
        st.Rc.Warn($"{where}: a value was given for the undeclared variable \"{name}\"; it is ignored{Near(name, declared.Keys)}");

    private static string Near(string name, IEnumerable<string> known) =>
        OptionReader.Nearest(name, known) is { } n ? $" (did you mean \"{n}\"?)" : "";

    private static void Validate(HclReadState st, Declared d, HclValue value)
    {
        var context = new HclContext(new Dictionary<string, HclValue>
        {
            ["var"] = HclValue.Object([KeyValuePair.Create(d.Name, value)]),
        }, st.Functions);
        foreach (var validation in d.Validations)
        {
            var condition = validation.Body.Attribute("condition");
            var message = validation.Body.Attribute("error_message");
            if (condition is null || message is null)
            {
                st.Report(validation.TypeRange, "Missing required argument: a validation block needs condition and error_message");
                continue;
            }
            var ok = Eval(st, condition.Expr, context);
            if (ok is null) continue;
            if (!Bool(st, ok, condition.Expr) && ok is not HclNull)
            {
                var text = Eval(st, message.Expr, context) is HclString s ? s.Value : "(error_message is not a string)";
                st.Report(condition.Expr.Range, $"Invalid value for variable: {text} (this was checked by the validation rule of variable \"{d.Name}\")");
            }
        }
    }
}
