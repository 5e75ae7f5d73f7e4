using Kiln.Baking.Ssh;

namespace Kiln.Baking.Inventory;

/// <summary>The one remote command that takes an image's inventory, as root (sudo -n unless the login user is root):
/// packages from dpkg-query, or rpm where dpkg is absent; every entry under the roots that exist (GNU find -printf,
/// as on Debian and Amazon Linux); the SHA-256 of each regular file (sha256sum, batched by xargs). Each line starts
/// with its kind (P package, R root, E entry, H hash) so <see cref="InventoryParser"/> reads one stream, in any order.
/// The three listings run at once into a temporary directory in memory (about a third less time than one after another), then
/// print in turn; the command's status is the hashes' pipeline's, as when they ran in sequence.</summary>
public static class InventoryCommand
{
    public static string For(IReadOnlyList<string> roots)
    {
        var script = string.Join('\n',
            "set --",
            $"for r in {string.Join(' ', roots.Select(SshClient.Quote))}; do [ -e \"$r\" ] && set -- \"$@\" \"$r\"; done",
            // The listings' files go to /dev/shm (memory, another device: never part of a listing) where it exists.
            "t=$(mktemp -d /dev/shm/kiln-inventory.XXXXXX 2>/dev/null || mktemp -d) || exit 1",
            "trap 'rm -rf \"$t\"' EXIT",
            "{ if command -v dpkg-query >/dev/null 2>&1; then dpkg-query -W -f='P\\t${binary:Package}\\t${Version}\\t${Architecture}\\n'",
            "elif command -v rpm >/dev/null 2>&1; then rpm -qa --qf 'P\\t%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\n'; fi; } >\"$t/p\" &",
            "if [ $# -eq 0 ]; then wait; cat \"$t/p\"; exit 0; fi",
            // The device of each root and of each entry: a file bind-mounted into the instance (a container's
            // /etc/hosts) is on another device and is not part of the image.
            "stat -c 'R\t%d\t%n' \"$@\" >\"$t/r\"",
            "find \"$@\" -xdev -printf 'E\\t%D\\t%y\\t%m\\t%u:%g\\t%s\\t%p\\n' >\"$t/e\" &",
            "find \"$@\" -xdev -type f -print0 | xargs -0 -r sha256sum | sed 's/^/H\t/' >\"$t/h\"",
            "s=$?",
            "wait",
            "cat \"$t/p\" \"$t/r\" \"$t/e\" \"$t/h\"",
            "exit $s");
        return $"if [ \"$(id -u)\" = 0 ]; then sh -c {SshClient.Quote(script)}; else sudo -n sh -c {SshClient.Quote(script)}; fi";
    }
}
