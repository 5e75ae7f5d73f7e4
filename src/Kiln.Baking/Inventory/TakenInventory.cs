using Kiln.Baking.Ssh;

namespace Kiln.Baking.Inventory;

/// <summary>What the inventory command printed on the instance, and how it exited (<see cref="InventoryCommand"/>).</summary>
public sealed record TakenInventory(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors)
{
    /// <summary>Runs <paramref name="command"/> (the inventory command, or one ending with it) and keeps its output.</summary>
    public static async Task<TakenInventory> TakeAsync(SshTarget target, string command, CancellationToken ct)
    {
        var output = new List<string>();
        var errors = new List<string>();
        var result = await SshClient.RunAsync(target, command, (stream, line) => (stream == "stdout" ? output : errors).Add(line), ct);
        return new TakenInventory(result.ExitCode, output, errors);
    }
}
