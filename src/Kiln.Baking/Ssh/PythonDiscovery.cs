namespace Kiln.Baking.Ssh;

/// <summary>
/// Which Python Ansible should run on the instance, found by the login that proves SSH works, so it costs no extra
/// round trip. Left to itself, Ansible discovers the interpreter on the first task; under Mitogen that means a failed
/// start with /usr/bin/python, a second connection to run the discovery, and a third with the result: about 1.2 s
/// of every bake of the fixture. Kiln follows ansible-core's own rule (INTERPRETER_PYTHON_FALLBACK, and its distro
/// map for the families it names) and leaves Red Hat's family to Ansible, whose map prefers platform-python there.
/// The result goes into the inventory's `all` vars, the lowest precedence: a playbook's own ansible_python_interpreter wins.
/// </summary>
public static class PythonDiscovery
{
    /// <summary>ansible-core 2.14's INTERPRETER_PYTHON_FALLBACK, in its order.</summary>
    private static readonly string[] Fallback =
    [
        "python3.12", "python3.11", "python3.10", "python3.9", "python3.8", "python3.7", "python3.6", "python3.5",
        "/usr/bin/python3", "/usr/libexec/platform-python", "python2.7", "/usr/bin/python", "python",
    ];

    /// <summary>Distributions whose Ansible map says /usr/bin/python3.</summary>
    private static readonly string[] Python3Distros = ["debian", "ubuntu", "fedora"];

    /// <summary>Distributions Ansible maps to platform-python or an older Python: left to Ansible's discovery.</summary>
    private static readonly string[] LeftToAnsible = ["rhel", "redhat", "centos", "ol", "oracle", "rocky", "almalinux"];

    /// <summary>A POSIX shell command that succeeds on any host (the login's proof) and prints `os=ID`, whether
    /// /usr/bin/python3 is there, and the first fallback interpreter found.</summary>
    public const string Command =
        "printf 'os=%s\\n' \"$(sed -n 's/^ID=//p' /etc/os-release 2>/dev/null | tr -d '\\\"')\"; " +
        "[ -x /usr/bin/python3 ] && echo python3=/usr/bin/python3; " +
        "for p in python3.12 python3.11 python3.10 python3.9 python3.8 python3.7 python3.6 python3.5 /usr/bin/python3 " +
        "/usr/libexec/platform-python python2.7 /usr/bin/python python; do command -v \"$p\" && break; done; true";

    /// <summary>The interpreter to name in the inventory, or null to let Ansible discover it.</summary>
    public static string? Choose(IEnumerable<string> stdout)
    {
        var lines = stdout.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var os = lines.FirstOrDefault(l => l.StartsWith("os=", StringComparison.Ordinal))?[3..].ToLowerInvariant() ?? "";
        if (LeftToAnsible.Contains(os)) return null;
        if (Python3Distros.Contains(os)) return lines.Contains("python3=/usr/bin/python3") ? "/usr/bin/python3" : null;
        // Only absolute paths that `command -v` printed for a fallback name: never anything else the shell said.
        return lines.FirstOrDefault(l => l.StartsWith('/') && !l.Contains(' ') && Fallback.Any(f => l == f || l.EndsWith("/" + f, StringComparison.Ordinal)));
    }
}
