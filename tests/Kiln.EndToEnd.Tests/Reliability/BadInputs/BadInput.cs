using System.Text;

namespace Kiln.EndToEnd.Tests.Reliability.BadInputs;

/// <summary>One bad input: the command line (`{dir}` is the case's own directory, a tiny playbook tree with the
/// article's packer.json, where the command runs), files written there first, and a piece of the message that
/// must say what is wrong. <paramref name="Hidden"/>: text the output must not repeat (a secret in the bad input).</summary>
public sealed record BadInput(string Name, string[] Args, string Expect, IReadOnlyDictionary<string, Func<byte[]>>? Files = null,
    string? Hidden = null)
{
    public override string ToString() => Name;

    public static IReadOnlyDictionary<string, Func<byte[]>> File(string path, string text) =>
        new Dictionary<string, Func<byte[]>> { [path] = () => Encoding.UTF8.GetBytes(text) };

    public static IReadOnlyDictionary<string, Func<byte[]>> File(string path, Func<byte[]> bytes) =>
        new Dictionary<string, Func<byte[]>> { [path] = bytes };

    public static byte[] Repeat(string text, int bytes) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(text, bytes / text.Length + 1)))[..bytes];

    public static byte[] Random(int bytes, int seed)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        return data;
    }
}
