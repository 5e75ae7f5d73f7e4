using Kiln.Core;
using Kiln.Templates.KilnYml;

namespace Kiln.Templates.Tests.KilnYml;

/// <summary>kiln.yml's `serve:` section: session lifetimes and the TLS certificate, paths taken from kiln.yml's
/// directory; a bad section is refused with every problem named.</summary>
public sealed class ServeReaderTests
{
    [Fact]
    public void Reads_session_lifetimes_and_tls_files_relative_to_kiln_yml()
    {
        using var dir = new TempDir();
        dir.Write("kiln.yml", "serve:\n  session_idle: 30m\n  session_lifetime: 8h\n  tls_cert: tls/kiln.pem\n  tls_key: tls/kiln.key\n");
        var serve = ServeReader.Read(dir.Path);
        Assert.Equal(TimeSpan.FromMinutes(30), serve.SessionIdle);
        Assert.Equal(TimeSpan.FromHours(8), serve.SessionLifetime);
        Assert.Equal(Path.Combine(dir.Path, "tls", "kiln.pem"), serve.TlsCert);
        Assert.Equal(Path.Combine(dir.Path, "tls", "kiln.key"), serve.TlsKey);
    }

    [Fact]
    public void Without_a_serve_section_every_setting_is_the_default()
    {
        using var dir = new TempDir();
        dir.Write("kiln.yml", "keep: 3\n");
        Assert.Equal(new ServeConfig(), ServeReader.Read(dir.Path));
    }

    [Fact]
    public void A_bad_section_names_every_problem()
    {
        using var dir = new TempDir();
        dir.Write("kiln.yml", "serve:\n  session_idle: 2h\n  session_lifetime: 30s\n  tls_cert: kiln.pem\n  sesion_idle: 1h\n");
        var problems = string.Join("\n", Assert.Throws<KilnInputException>(() => ServeReader.Read(dir.Path)).Problems);
        Assert.Contains("session_lifetime must be at least 1m", problems);
        Assert.Contains("session_idle is longer than session_lifetime", problems);
        Assert.Contains("give tls_cert and tls_key together", problems);
        Assert.Contains("did you mean 'session_idle'?", problems);
    }
}
