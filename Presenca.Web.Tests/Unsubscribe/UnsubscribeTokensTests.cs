using Microsoft.AspNetCore.DataProtection;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Tests.Unsubscribe;

public sealed class UnsubscribeTokensTests
{
    private static readonly UnsubscribeTicket Ticket = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    private readonly UnsubscribeTokens _tokens = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void A_token_reads_back_as_its_contact_client_and_campaign_and_is_url_safe()
    {
        var token = _tokens.Create(Ticket);

        Assert.Equal(Ticket, _tokens.Read(token));
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.InRange(token.Length, 100, 400);
        // Encrypted: none of the ids shows through.
        Assert.DoesNotContain(Ticket.ContactId.ToString("N"), token, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_token_is_still_valid_after_sixty_days()
    {
        Assert.True(UnsubscribeTokens.Lifetime >= TimeSpan.FromDays(60));
        var token = _tokens.Create(Ticket, DateTimeOffset.UtcNow.AddDays(61));

        Assert.Equal(Ticket, _tokens.Read(token));
    }

    [Fact]
    public void A_changed_character_a_cut_token_or_an_expired_one_reads_as_nothing()
    {
        var token = _tokens.Create(Ticket);
        for (var i = 0; i < token.Length; i += 7)
        {
            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.Null(_tokens.Read(changed));
        }

        Assert.Null(_tokens.Read(token[..^1]));
        Assert.Null(_tokens.Read(token[..(token.Length / 2)]));
        Assert.Null(_tokens.Read(_tokens.Create(Ticket, DateTimeOffset.UtcNow.AddSeconds(-1))));
        Assert.Null(_tokens.Read(""));
        Assert.Null(_tokens.Read("pas-un-jeton"));
        Assert.Null(_tokens.Read(new string('A', 5000)));
    }

    [Fact]
    public void A_token_protected_under_another_purpose_is_refused()
    {
        var provider = new EphemeralDataProtectionProvider();
        var other = provider.CreateProtector("Presenca.Connexions.Secrets").ToTimeLimitedDataProtector();
        var foreign = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(other.Protect(new byte[64], DateTimeOffset.UtcNow.AddDays(1)));

        Assert.Null(new UnsubscribeTokens(provider).Read(foreign));
    }
}
