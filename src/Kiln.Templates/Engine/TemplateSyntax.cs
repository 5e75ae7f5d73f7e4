namespace Kiln.Templates.Engine;

/// <summary>The parsed form of a Packer template string: Go text/template's actions, pipelines and commands,
/// limited to what Packer's JSON templates use (no if/range/with, no variables).</summary>
public abstract record TemplatePart;

public sealed record TextPart(string Text) : TemplatePart;

/// <summary>`{{ pipeline }}`; <paramref name="Source"/> is the action as written, for messages.</summary>
public sealed record ActionPart(Pipeline Pipeline, string Source) : TemplatePart;

/// <summary>`cmd | cmd | cmd`: each command's result is passed as the last argument of the next.</summary>
public sealed record Pipeline(IReadOnlyList<Command> Commands);

/// <summary>A function name followed by its arguments, or a single value (a literal, a field, a sub-pipeline).</summary>
public sealed record Command(IReadOnlyList<Operand> Operands);

public abstract record Operand;
public sealed record StringOperand(string Value) : Operand;
public sealed record NumberOperand(long Value, string Text) : Operand;
public sealed record BoolOperand(bool Value) : Operand;
public sealed record FunctionOperand(string Name) : Operand;
/// <summary>`.Path`: a template variable Packer fills at build time (`{{.Vars}}` in execute_command).</summary>
public sealed record FieldOperand(string Name) : Operand;
public sealed record PipelineOperand(Pipeline Pipeline) : Operand;

public sealed class TemplateException(string message) : Exception(message);
