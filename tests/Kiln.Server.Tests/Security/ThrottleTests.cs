using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Kiln.Server.Tests.Support;
using Xunit.Abstractions;

namespace Kiln.Server.Tests.Security;

/// <summary>Password guessing is slowed per user name and per client address (429 with Retry-After, the right password
/// refused while locked), every failure is logged with name and address but never the password, an admin can
/// unlock, and an unknown name costs what a known one does.</summary>
public sealed class ThrottleTests : IAsyncLifetime
{
    private const string Guess = "guess-password-XYZZY";
    private TestServer _server = null!;
    // A first lock of a minute: long enough that a slow machine cannot outlast it between two requests.
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(TestJobs.All,
        configure: o => o with { Throttle = new(5, 20, TimeSpan.FromMinutes(1)) });
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Wrong_passwords_lock_the_user_even_against_the_right_one_until_an_admin_unlocks()
    {
        using var web = new WebSession(_server.Address);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++) statuses.Add((await web.LoginAsync("admin", Guess + i)).StatusCode);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 6), statuses.Take(6));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 24), statuses.Skip(6));

        var right = await web.LoginAsync("ADMIN", TestServer.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.InRange(int.Parse(right.Headers.GetValues("Retry-After").Single()), 30, 60);
        Assert.Contains("Too many failed logins", await right.Content.ReadAsStringAsync());

        // Every failure is logged with the user and the address, never the password.
        var failures = _server.Logs.Lines.Where(l => l.Contains("login failed for user 'admin' from 127.0.0.1")).ToList();
        Assert.Equal(6, failures.Count);
        Assert.DoesNotContain(Guess, _server.Logs.Text);
        Assert.DoesNotContain(TestServer.Password, _server.Logs.Text);

        var unlock = await Cli.RunAsync(["users", "unlock", "admin"], new() { ["KILN_DB"] = "sqlite:" + Path.Combine(_server.Directory, "kiln.db") });
        Assert.True(unlock.ExitCode == 0, unlock.Output);
        Assert.Contains("unlocked admin", unlock.Output);
        Assert.Equal(HttpStatusCode.Redirect, (await web.LoginAsync("admin", TestServer.Password)).StatusCode);
    }

    [Fact]
    public async Task Many_names_from_one_address_lock_the_address()
    {
        using var web = new WebSession(_server.Address);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 24; i++) statuses.Add((await web.LoginAsync($"nobody{i}", Guess)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await web.LoginAsync("viewer", TestServer.Password)).StatusCode);
    }

    [Fact]
    public async Task Wrong_api_tokens_lock_the_address_with_429_and_Retry_After()
    {
        using var client = _server.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 24; i++)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"kiln_guess{i}");
            statuses.Add((await client.GetAsync("/api/v1/runs")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        // While locked even a good token is refused: the answer tells nothing about what was guessed.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _server.Tokens["viewer"]);
        var locked = await client.GetAsync("/api/v1/runs");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);
        Assert.Contains("unknown or revoked API token from 127.0.0.1", _server.Logs.Text);
        Assert.DoesNotContain("kiln_guess", _server.Logs.Text);

        // `kiln run` gets the same answer, and says it.
        var run = await Cli.RunAsync(["run", "bake-dev-api", "--server", _server.Address.ToString()], new() { ["KILN_TOKEN"] = _server.Tokens["operator"] });
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("too many wrong API tokens", run.Output);
    }
}

/// <summary>A wrong name and a wrong password cost the same: the unknown name is checked against a decoy hash.</summary>
public sealed class LoginTimingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_unknown_user_costs_what_a_known_one_does()
    {
        await using var server = await TestServer.StartAsync(TestJobs.All, configure: o => o with { Throttle = new(1000, 1000) });
        using var web = new WebSession(server.Address);
        await web.LoginAsync("warm-up", "x"); // JIT and the decoy hash
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 11; i++)
        {
            known.Add(await TimeAsync(() => web.LoginAsync("admin", "wrong password " + i)));
            unknown.Add(await TimeAsync(() => web.LoginAsync($"nobody{i}", "wrong password " + i)));
        }
        var ratio = Median(unknown) / Median(known);
        output.WriteLine($"login refused: unknown user {Median(unknown):0.0} ms, known user {Median(known):0.0} ms (medians of 11), ratio {ratio:0.00}");
        Assert.True(ratio is > 0.5 and < 2, $"unknown {Median(unknown):0.0} ms, known {Median(known):0.0} ms: ratio {ratio:0.00}");
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> login)
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Unauthorized, (await login()).StatusCode);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
