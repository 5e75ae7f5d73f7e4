using System.Net.Sockets;
using Kiln.LocalCloud.Hosting;
using Kiln.LocalCloud.State;

namespace Kiln.LocalCloud.Compute;

/// <summary>
/// Loopback addresses for instances, from 127.77.0.0/16 (all of 127/8 is local on Linux). The allocation is a state
/// row written in the caller's transaction. Other KILN_HOMEs on this machine allocate from the same range, so each
/// starts its search at an offset derived from its home, and an address that already answers on port 22 is skipped.
/// </summary>
public sealed class AddressPool(LocalCloudLayout layout)
{
    private const int HostsPerBlock = 254; // .1 … .254 in each /24
    private const int Size = 256 * HostsPerBlock;

    public string Allocate(StateTx tx, string instanceId, DateTimeOffset now) => Allocate(tx, instanceId, now, "127.77", a => !AnswersOnSsh(a));

    /// <summary>
    /// An address for a listener (a Compute Engine forwarding rule), from 127.78.0.0/16: never one an instance could
    /// get, so an instance's published port 22 and a rule's listener that has not yet stopped (the controlling process
    /// stops it at its next tick) never meet. <paramref name="free"/> tells whether the rule's ports can be bound.
    /// </summary>
    public string AllocateListener(StateTx tx, string ownerId, DateTimeOffset now, Func<string, bool> free) =>
        Allocate(tx, ownerId, now, "127.78", free);

    private string Allocate(StateTx tx, string ownerId, DateTimeOffset now, string prefix, Func<string, bool> free)
    {
        var used = tx.All<AddressRecord>().Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var start = (int)(Convert.ToUInt32(layout.HomeHash[..8], 16) % Size);
        for (var i = 0; i < Size; i++)
        {
            var address = Format((start + i) % Size, prefix);
            if (used.Contains(address) || !free(address)) continue;
            tx.Put(new AddressRecord(address, ownerId, now));
            return address;
        }
        throw new Ec2Exception("InsufficientFreeAddressesInSubnet", $"No free address is left in {prefix}.0.0/16.");
    }

    public void Release(StateTx tx, string instanceId)
    {
        foreach (var a in tx.All<AddressRecord>().Where(a => a.InstanceId == instanceId)) tx.Delete<AddressRecord>(a.Id);
    }

    public static string Format(int index, string prefix = "127.77") => $"{prefix}.{index / HostsPerBlock}.{index % HostsPerBlock + 1}";

    /// <summary>Connecting to a free loopback address is refused at once; anything that accepts is in use.</summary>
    private static bool AnswersOnSsh(string address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            return socket.ConnectAsync(address, 22).Wait(TimeSpan.FromMilliseconds(300)) && socket.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
    }
}
