using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Kiln.Core;
using Kiln.Core.Baking;

namespace Kiln.Aws;

/// <summary>Which AWS credentials a <see cref="CloudSpec"/> means: its profile (shared config/credentials files),
/// else its access/secret key pair, else the SDK's default chain (environment, profile `default`, SSO, container
/// and instance roles), resolved on first use so that building a cloud never blocks or fails early.</summary>
public static class AwsCredentialResolver
{
    public static AWSCredentials Resolve(CloudSpec spec)
    {
        if (spec.Profile is { Length: > 0 } profile)
        {
            if (new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)) return fromProfile;
            throw new KilnInputException(
                $"AWS profile '{profile}' was not found in ~/.aws/credentials or ~/.aws/config: create it with `aws configure --profile {profile}` or name an existing profile.");
        }
        var hasAccess = !string.IsNullOrEmpty(spec.AccessKey);
        var hasSecret = !string.IsNullOrEmpty(spec.SecretKey);
        if (hasAccess && hasSecret) return new BasicAWSCredentials(spec.AccessKey, spec.SecretKey);
        if (hasAccess != hasSecret)
            throw new KilnInputException(hasAccess
                ? "an AWS access key was given without its secret key: give both (access_key and secret_key) or neither."
                : "an AWS secret key was given without its access key: give both (access_key and secret_key) or neither.");
        return new DefaultChainCredentials();
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
