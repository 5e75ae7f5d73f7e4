using System.Text;

namespace Kiln.Deploy;

/// <summary>The user data `--create` uses when none is given: a web server (python3's http.server) answering with
/// the instance's image id, from the local cloud's metadata files or EC2's metadata service.</summary>
public static class DemoUserData
{
    public static string Script(int port) => $$"""
        #!/bin/sh
        # Kiln demo web server: answers GET / with this instance's image id.
        id=$(cat /kiln-boot/meta-data/ami-id 2>/dev/null || curl -s http://169.254.169.254/latest/meta-data/ami-id)
        mkdir -p /srv/kiln-web && echo "$id" > /srv/kiln-web/index.html
        cd /srv/kiln-web && exec python3 -m http.server {{port}} --bind 0.0.0.0
        """;

    /// <summary>The same web server as a Compute Engine startup script: the image from the metadata server (the local
    /// cloud puts the instance's metadata under /kiln-boot/instance/), its last path segment (`projects/p/global/images/NAME`).</summary>
    public static string GceScript(int port) => $$"""
        #!/bin/sh
        # Kiln demo web server: answers GET / with this instance's image.
        id=$(cat /kiln-boot/instance/image 2>/dev/null || curl -s -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/image)
        mkdir -p /srv/kiln-web && echo "${id##*/}" > /srv/kiln-web/index.html
        cd /srv/kiln-web && exec python3 -m http.server {{port}} --bind 0.0.0.0
        """;

    public static string Base64(string script) => Convert.ToBase64String(Encoding.UTF8.GetBytes(script.ReplaceLineEndings("\n")));
}
