namespace Kiln.Baking.Inventory;

/// <summary>What the inventory command printed on the instance, and how it exited (<see cref="InventoryCommand"/>).</summary>
public sealed record TakenInventory(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors);
