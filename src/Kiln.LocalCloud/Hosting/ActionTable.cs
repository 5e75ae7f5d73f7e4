namespace Kiln.LocalCloud.Hosting;

/// <summary>Action name → handler. Sync handlers are wrapped so each action file stays a plain function.</summary>
public sealed class ActionTable
{
    private readonly Dictionary<string, Ec2Handler> _handlers = new(StringComparer.Ordinal);

    public ActionTable Add(string action, Ec2Handler handler) { _handlers.Add(action, handler); return this; }

    public ActionTable Add(string action, Func<Ec2Call, Ec2Result> handler) =>
        Add(action, (call, _) => Task.FromResult(handler(call)));

    public Ec2Handler? Find(string action) => _handlers.GetValueOrDefault(action);

    public IReadOnlyCollection<string> Actions => _handlers.Keys;
}
