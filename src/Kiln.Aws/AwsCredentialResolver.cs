using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Aws;

/// <summary>Which AWS credentials a <see cref="CloudSpec"/> means: its profile in its shared credentials file, else its
/// profile (shared config/credentials files), else its access/secret key pair (with its session token), else the SDK's default chain (environment, profile `default`, SSO, container
/// and instance roles), resolved on first use so that building a cloud never blocks or fails early.</summary>
public static class AwsCredentialResolver
{
    public static AWSCredentials Resolve(CloudSpec spec)
    {
        if (spec.SharedCredentialsFile is { } file) return FromFile(file, spec.Profile is { Length: > 0 } named ? named : "default");
        if (spec.Profile is { Length: > 0 } profile)
        {
            if (new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)) return fromProfile;
            throw new KilnInputException(
                $"AWS profile '{profile}' was not found in ~/.aws/credentials or ~/.aws/config: create it with `aws configure --profile {profile}` or name an existing profile.");
        }
        var hasAccess = !string.IsNullOrEmpty(spec.AccessKey);
        var hasSecret = !string.IsNullOrEmpty(spec.SecretKey);
        if (hasAccess && hasSecret)
            return spec.SessionToken is { Length: > 0 } token ? new SessionAWSCredentials(spec.AccessKey, spec.SecretKey, token)
                : new BasicAWSCredentials(spec.AccessKey, spec.SecretKey);
        if (hasAccess != hasSecret)
            throw new KilnInputException(hasAccess
                ? "an AWS access key was given without its secret key: give both (access_key and secret_key) or neither."
                : "an AWS secret key was given without its access key: give both (access_key and secret_key) or neither.");
        return new DefaultChainCredentials();
    }

    /// <summary>Packer's shared_credentials_file: the profile (`default` unless named) of that file only.</summary>
    private static AWSCredentials FromFile(string file, string profile)
    {
        if (!File.Exists(file))
            throw new KilnInputException($"shared_credentials_file {file} does not exist: give the path of an AWS credentials file");
        if (new SharedCredentialsFile(file).TryGetProfile(profile, out var found)
            && AWSCredentialsFactory.TryGetAWSCredentials(found, new SharedCredentialsFile(file), out var credentials))
            return credentials;
        throw new KilnInputException($"profile '{profile}' was not found in shared_credentials_file {file}: add it, or name a profile of that file");
    }

    /// <summary>The SDK's default chain, looked up when a request is first signed.</summary>
    private sealed class DefaultChainCredentials : AWSCredentials
    {
        private readonly Lazy<AWSCredentials> _inner = new(() =>
            new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(new AmazonEC2Config()));

        public override ImmutableCredentials GetCredentials() => _inner.Value.GetCredentials();
        public override Task<ImmutableCredentials> GetCredentialsAsync() => _inner.Value.GetCredentialsAsync();
    }
}
