using Kiln.Baking.Git;

namespace Kiln.Baking.Tests.Git;

public sealed class RepositoryUrlTests
{
    [Theory]
    [InlineData("https://x-access-token:ghp_s3cretT0ken@github.com/hoge/playbooks.git", "https://github.com/hoge/playbooks.git", "https://***@github.com/hoge/playbooks.git", "ghp_s3cretT0ken")]
    [InlineData("https://glpat-T0kenOnly@gitlab.example/team/playbooks", "https://gitlab.example/team/playbooks", "https://***@gitlab.example/team/playbooks", "glpat-T0kenOnly")]
    [InlineData("ssh://deploy:hunter22@git.example/ops/playbooks.git", "ssh://deploy@git.example/ops/playbooks.git", "ssh://deploy:***@git.example/ops/playbooks.git", "hunter22")]
    public void Credentials_leave_the_url_and_are_secrets(string given, string clean, string shown, string secret)
    {
        var url = RepositoryUrl.Parse(given, "/", out var problem);
        Assert.Null(problem);
        Assert.Equal(clean, url!.Clean);
        Assert.Equal(shown, url.Shown);
        Assert.Contains(secret, url.Secrets);
        Assert.DoesNotContain(secret, url.MirrorName);
        Assert.Equal(RepositoryUrl.Parse(clean, "/", out _)!.MirrorName, url.MirrorName);
    }

    [Theory]
    [InlineData("ssh://git@github.com/hoge/playbooks.git")]
    [InlineData("git@github.com:hoge/playbooks.git")]
    [InlineData("https://github.com/hoge/playbooks.git")]
    public void Urls_without_credentials_are_kept_as_given(string given)
    {
        var url = RepositoryUrl.Parse(given, "/", out var problem);
        Assert.Null(problem);
        Assert.Equal(given, url!.Clean);
        Assert.Empty(url.Secrets);
        Assert.Null(url.AuthorizationHeader);
    }

    [Fact]
    public void A_local_path_is_made_absolute_and_a_missing_one_or_an_unknown_scheme_is_a_problem()
    {
        using var repos = new GitRepos();
        Assert.Equal(repos.Bare, RepositoryUrl.Parse("playbooks.git", repos.Root, out _)!.Clean);
        Assert.Null(RepositoryUrl.Parse("/no/such/repository.git", "/", out var missing));
        Assert.Contains("does not exist", missing);
        Assert.Null(RepositoryUrl.Parse("ftp://example/repo.git", "/", out var scheme));
        Assert.Contains("scheme 'ftp'", scheme);
        Assert.Null(RepositoryUrl.Parse("--upload-pack=touch /tmp/x", "/", out var option));
        Assert.NotNull(option);
    }

    [Fact]
    public void A_url_that_does_not_parse_is_shown_without_its_credentials() =>
        Assert.Equal("https://***@exa mple/x", RepositoryUrl.MaskUserInfo("https://user:tok3n@exa mple/x"));
}
