using System.Reflection;

namespace Kiln.Baking;

/// <summary>Kiln's version, from the assembly (Directory.Build.props sets one version for every project).</summary>
public static class KilnVersionInfo
{
    public static string Current { get; } =
        typeof(KilnVersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
