using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Data.Identity;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Account;

/// <summary>
/// Whether an address has an account cannot be learnt from the sign-in page (issue 13): an
/// unknown address answers wrong passwords exactly as a real account does, locks after the same
/// five failures, and costs the same password-hash work. Its own app: lockouts last 15 minutes.
/// </summary>
public sealed partial class AccountEnumerationTests(AccountEnumerationTests.CountingFactory factory) : IClassFixture<AccountEnumerationTests.CountingFactory>
{
    private const string Unknown = "personne.inconnue@reseau-demo.fr";

    [Fact]
    public async Task A_known_and_an_unknown_address_get_the_same_answers_and_the_same_hash_work_through_seven_wrong_passwords()
    {
        var known = DemoAccounts.Independante.Email;

        for (var attempt = 1; attempt <= 7; attempt++)
        {
            var (knownAnswer, knownHashes) = await AttemptAsync(known, $"Mauvais-essai-{attempt}");
            var (unknownAnswer, unknownHashes) = await AttemptAsync(Unknown, $"Mauvais-essai-{attempt}");

            var (k, u) = (knownAnswer.Replace(known, "ADRESSE", StringComparison.Ordinal), unknownAnswer.Replace(Unknown, "ADRESSE", StringComparison.Ordinal));
            var at = Enumerable.Range(0, Math.Min(k.Length, u.Length)).FirstOrDefault(i => k[i] != u[i]);
            Assert.True(k == u, $"attempt {attempt}: known «{k[Math.Max(0, at - 300)..Math.Min(k.Length, at + 100)]}» unknown «{u[Math.Max(0, at - 300)..Math.Min(u.Length, at + 100)]}»");
            // A password is checked until the lockout starts, then no more, for both.
            Assert.Equal(attempt <= 5 ? 1 : 0, knownHashes);
            Assert.Equal(knownHashes, unknownHashes);
            Assert.Contains(attempt < 5 ? SignInTests.WrongCredentials : LockoutTests.Locked, knownAnswer);
        }

        // Counted per address: another unknown address is not locked by the first one's failures.
        var (other, _) = await AttemptAsync("autre.inconnue@reseau-demo.fr", "Mauvais-essai-1");
        Assert.Contains(SignInTests.WrongCredentials, other);
    }

    [Fact]
    public async Task Failures_of_an_unknown_address_count_across_instances_like_those_of_an_account()
    {
        const string address = "encore.inconnue@reseau-demo.fr";
        await using var second = PresencaWebFactory.SharingDatabase(factory.Database);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var app = attempt % 2 == 0 ? (PresencaWebFactory)factory : second;
            Assert.Contains(SignInTests.WrongCredentials, await LoginPageAsync(app, address, $"Mauvais-essai-{attempt}"));
        }

        Assert.Contains(LockoutTests.Locked, await LoginPageAsync(second, address, "Mauvais-essai-5"));
        Assert.Contains(LockoutTests.Locked, await LoginPageAsync(factory, address, "Mauvais-essai-6"));
    }

    /// <summary>Status and page of one attempt (antiforgery token left out), and the hashes it checked.</summary>
    private async Task<(string Answer, int Hashes)> AttemptAsync(string email, string password)
    {
        var before = factory.Hasher.Verifications;
        var answer = await LoginPageAsync(factory, email, password);
        return (answer, factory.Hasher.Verifications - before);
    }

    private static async Task<string> LoginPageAsync(PresencaWebFactory app, string email, string password)
    {
        var response = await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(app), email, password);
        var html = await response.Content.ReadAsStringAsync();
        var error = new HtmlParser().ParseDocument(html).QuerySelector("[data-testid=login-error]")?.TextContent.Trim();
        return $"{(int)response.StatusCode} {error}\n{EncryptedPerResponse().Replace(html, "")}";
    }

    // The antiforgery token and Blazor's persisted component state are encrypted afresh for each
    // response (Data Protection): they differ between two answers for the very same address.
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"[^\"]+\"|<!--Blazor-Server-Component-State:[^>]*-->")]
    private static partial Regex EncryptedPerResponse();

    /// <summary>The app whose password hasher counts the hashes it verifies.</summary>
    public sealed class CountingFactory : PresencaWebFactory
    {
        public CountingHasher Hasher { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<PresencaUser>>(Hasher));
        }
    }

    public sealed class CountingHasher : IPasswordHasher<PresencaUser>
    {
        private readonly PasswordHasher<PresencaUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(PresencaUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PresencaUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
