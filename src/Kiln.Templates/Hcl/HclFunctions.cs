using Kiln.Templates.Hcl.Functions;

namespace Kiln.Templates.Hcl;

public sealed record HclFunction(int MinArgs, int MaxArgs, Func<IReadOnlyList<HclValue>, HclValue> Impl)
{
    public static HclFunction Fixed(int n, Func<IReadOnlyList<HclValue>, HclValue> impl) => new(n, n, impl);
    public static HclFunction Variadic(int min, Func<IReadOnlyList<HclValue>, HclValue> impl) => new(min, -1, impl);
}

/// <summary>What the file and time functions depend on: where relative paths start and the time of the run.</summary>
public sealed record HclFunctionHost(string BaseDirectory, DateTimeOffset Now);

/// <summary>The functions an expression may call, by name, and the names refused with a reason.</summary>
public sealed class HclFunctions
{
    private readonly Dictionary<string, HclFunction> _functions;
    private readonly Dictionary<string, string> _refused;

    private HclFunctions(Dictionary<string, HclFunction> functions, Dictionary<string, string> refused)
    {
        _functions = functions;
        _refused = refused;
    }

    /// <summary>Every function but the file and time ones, relative to the current directory and now.</summary>
    public static HclFunctions Standard { get; } = Create(new HclFunctionHost(Directory.GetCurrentDirectory(), DateTimeOffset.UtcNow));

    public static HclFunctions Create(HclFunctionHost host)
    {
        var all = new Dictionary<string, HclFunction>(StringComparer.Ordinal);
        NumericFunctions.Register(all);
        StringFunctions.Register(all);
        RegexFunctions.Register(all);
        FormatFunctions.Register(all);
        CollectionFunctions.Register(all);
        SetFunctions.Register(all);
        EncodingFunctions.Register(all);
        HashFunctions.Register(all);
        ConversionFunctions.Register(all);
        TimeFunctions.Register(all, host);
        var functions = new HclFunctions(all, []);
        FileFunctions.Register(all, host, functions);
        return functions;
    }

    public IEnumerable<string> Names => _functions.Keys;

    public bool TryGet(string name, out HclFunction function) => _functions.TryGetValue(name, out function!);

    public string? Refusal(string name) => _refused.GetValueOrDefault(name);

    public HclFunctions With(string name, HclFunction function) =>
        new(new Dictionary<string, HclFunction>(_functions) { [name] = function }, _refused);

    public HclFunctions Refusing(string name, string why)
    {
        var functions = new Dictionary<string, HclFunction>(_functions);
        functions.Remove(name);
        return new HclFunctions(functions, new Dictionary<string, string>(_refused) { [name] = why });
    }
}
