using System.Reflection;

namespace Kiln.Cli;

public static class KilnVersion
{
    public static string Current { get; } =
        typeof(KilnVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
