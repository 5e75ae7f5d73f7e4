using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kiln.Server.Http;

namespace Kiln.Server.Tests.Support;

/// <summary>A throwaway self-signed certificate for 127.0.0.1, written as PEM files.</summary>
public static class SelfSigned
{
    public static TlsFiles Write(string dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var files = new TlsFiles(Path.Combine(dir, "cert.pem"), Path.Combine(dir, "key.pem"));
        File.WriteAllText(files.Certificate, cert.ExportCertificatePem());
        File.WriteAllText(files.Key, key.ExportPkcs8PrivateKeyPem());
        return files;
    }
}
