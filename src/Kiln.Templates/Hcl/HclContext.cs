namespace Kiln.Templates.Hcl;

/// <summary>What an expression can see: variables (`var`, `local`, `path`, a for expression's names) and the
/// functions. A child context adds names over its parent's.</summary>
public sealed class HclContext
{
    private readonly Dictionary<string, HclValue> _variables;

    public HclContext(IReadOnlyDictionary<string, HclValue>? variables = null, HclFunctions? functions = null, HclContext? parent = null)
    {
        _variables = variables is null ? [] : new Dictionary<string, HclValue>(variables);
        Functions = functions ?? parent?.Functions ?? HclFunctions.Standard;
        Parent = parent;
    }

    public HclFunctions Functions { get; }
    public HclContext? Parent { get; }

    /// <summary>A message for a name that is not there (Packer: `var` outside … ), or null for HCL's own.</summary>
    public Func<string, string?>? Missing { get; init; }

    public void Set(string name, HclValue value) => _variables[name] = value;

    public bool TryLookup(string name, out HclValue value)
    {
        for (var c = this; c is not null; c = c.Parent)
            if (c._variables.TryGetValue(name, out value!)) return true;
        value = HclValue.Null;
        return false;
    }

    public string? MissingMessage(string name)
    {
        for (var c = this; c is not null; c = c.Parent)
            if (c.Missing?.Invoke(name) is { } message) return message;
        return null;
    }

    public HclContext Child(IReadOnlyDictionary<string, HclValue> variables) => new(variables, Functions, this);
}
