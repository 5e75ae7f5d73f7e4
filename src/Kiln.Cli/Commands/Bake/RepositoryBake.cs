using Kiln.Baking.Git;
using Kiln.Core;
using Kiln.Templates.KilnYml;

namespace Kiln.Cli.Commands.Bake;

/// <summary>kiln.yml and the flags read from a repository's work tree: problems name the repository and ref (not the
/// run's work tree path), the bake records the commit, and the URL's credentials are masked with the vault's secrets.</summary>
public static class RepositoryBake
{
    public static KilnBakePlan Read(BakeRequest request, PlaybookCheckout checkout)
    {
        try
        {
            var plan = KilnConfigReader.Read(request);
            return new KilnBakePlan(plan.Spec with { Playbooks = checkout.Origin }, [.. plan.Secrets, .. checkout.Url.Secrets]);
        }
        catch (KilnInputException e)
        {
            var where = $"{checkout.Url.Shown} at {checkout.Commit.Ref} ({checkout.Commit.Commit[..12]})";
            throw new KilnInputException([.. e.Problems.Select(p => p.Replace(checkout.Root, where, StringComparison.Ordinal))]);
        }
    }
}
