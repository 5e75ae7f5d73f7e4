namespace Kiln.LocalCloud.State;

/// <summary>An object the local cloud stores as one row: its kind, id, optional name (indexed) and JSON body.</summary>
public interface IStateObject<TSelf> where TSelf : IStateObject<TSelf>
{
    static abstract string Kind { get; }
    string Id { get; }
    string? Name { get; }
    DateTimeOffset Created { get; }
}
