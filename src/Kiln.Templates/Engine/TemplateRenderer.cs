using System.Globalization;
using System.Text;

namespace Kiln.Templates.Engine;

/// <summary>Evaluates parsed template strings: each action's pipeline left to right, a command's result passed as
/// the last argument of the next (Go's text/template rule).</summary>
public static class TemplateRenderer
{
    public static string Render(string text, TemplateContext context)
    {
        if (!text.Contains("{{", StringComparison.Ordinal)) return text;
        var sb = new StringBuilder();
        foreach (var part in TemplateParser.Parse(text))
        {
            if (part is TextPart t) { sb.Append(t.Text); continue; }
            var action = (ActionPart)part;
            if (context.DeferBuildVariables && BuildVariables.IsDeferred(action)) { sb.Append(action.Source); continue; }
            try { sb.Append(Print(Evaluate(action.Pipeline, context))); }
            catch (TemplateException e) { throw new TemplateException($"{action.Source}: {e.Message}"); }
        }
        return sb.ToString();
    }

    /// <summary>Whether the text holds a `{{.Field}}` reference (a Packer build-time variable).</summary>
    public static IReadOnlyList<string> FieldReferences(string text) =>
        !text.Contains("{{", StringComparison.Ordinal) ? []
        : TemplateParser.Parse(text).OfType<ActionPart>().SelectMany(a => Fields(a.Pipeline)).ToList();

    private static IEnumerable<string> Fields(Pipeline p) =>
        p.Commands.SelectMany(c => c.Operands).SelectMany(o => o switch
        {
            FieldOperand f => [f.Name],
            PipelineOperand sub => Fields(sub.Pipeline),
            _ => Enumerable.Empty<string>(),
        });

    private static object Evaluate(Pipeline pipeline, TemplateContext context)
    {
        object? piped = null;
        foreach (var command in pipeline.Commands)
            piped = Evaluate(command, context, piped);
        return piped!;
    }

    private static object Evaluate(Command command, TemplateContext context, object? piped)
    {
        var head = command.Operands[0];
        if (head is FunctionOperand f) return Call(f.Name, command.Operands.Skip(1), context, piped);
        if (command.Operands.Count > 1) throw new TemplateException($"can't give arguments to a non-function {Show(head)}");
        if (piped is not null) throw new TemplateException($"can't pipe a value into non-function {Show(head)}");
        return Value(head, context);
    }

    private static object Call(string name, IEnumerable<Operand> operands, TemplateContext context, object? piped)
    {
        if (!TemplateFunctions.All.TryGetValue(name, out var function))
            throw new TemplateException(TemplateFunctions.Unsupported.TryGetValue(name, out var why)
                ? $"function \"{name}\" is not supported by Kiln: {why}"
                : $"function \"{name}\" not defined (Packer's functions: {string.Join(", ", TemplateFunctions.All.Keys)})");
        var args = operands.Select(o => Value(o, context)).ToList();
        if (piped is not null) args.Add(piped);
        if (args.Count < function.MinArgs || args.Count > function.MaxArgs)
            throw new TemplateException($"wrong number of args for {name}: want {Want(function)} got {args.Count}");
        return function.Invoke(context, [.. args]);
    }

    private static object Value(Operand operand, TemplateContext context) => operand switch
    {
        StringOperand s => s.Value,
        NumberOperand n => n.Value,
        BoolOperand b => b.Value,
        PipelineOperand p => Evaluate(p.Pipeline, context),
        FunctionOperand f => Call(f.Name, [], context, null),
        FieldOperand field => throw new TemplateException($"{field.Name} is a Packer build variable that Kiln does not provide in this option"),
        _ => throw new TemplateException("unsupported operand"),
    };

    private static string Want(TemplateFunctions.Function f) =>
        f.MinArgs == f.MaxArgs ? f.MinArgs.ToString(CultureInfo.InvariantCulture) : $"{f.MinArgs} to {f.MaxArgs}";

    private static string Show(Operand o) => o switch
    {
        StringOperand s => $"\"{s.Value}\"", NumberOperand n => n.Text, BoolOperand b => b.Value ? "true" : "false",
        FieldOperand f => f.Name, _ => "(pipeline)",
    };

    private static string Print(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "<no value>",
    };
}
