using Microsoft.Extensions.DependencyInjection;
using Presenca.Web.Tests.Infrastructure;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Tests.Unsubscribe;

/// <summary>A recipient of a demo agency's sent campaign, still subscribed, and the link its email would carry.</summary>
public sealed record DemoRecipient(UnsubscribeTicket Ticket, string Email)
{
    public static async Task<DemoRecipient> OfAsync(PresencaWebFactory factory, string clientName, int offset = 0)
    {
        // The demo is seeded when the app starts.
        _ = factory.Services;
        var row = await factory.Database.QueryAsOwnerAsync<string>($"""
            select e.organisation_id || ',' || e.client_id || ',' || e.contact_id || ',' || e.campaign_id || ',' || c.email
            from emails_sent e join clients k on k.client_id = e.client_id join contacts c on c.id = e.contact_id
            where k.client_nom = '{clientName}' and not c.desinscrit
            order by c.email limit 1 offset {offset}
            """);
        var parts = row.Split(',');
        return new DemoRecipient(new UnsubscribeTicket(Guid.Parse(parts[0]), Guid.Parse(parts[1]), Guid.Parse(parts[2]), Guid.Parse(parts[3])), parts[4]);
    }

    public string Path(PresencaWebFactory factory) => $"/desinscription/{factory.Services.GetRequiredService<UnsubscribeTokens>().Create(Ticket)}";

    /// <summary>What the contact's row and its email's row say now, to compare before and after.</summary>
    public Task<string> StateAsync(TestDatabase database) => database.QueryAsOwnerAsync<string>($"""
        select c.desinscrit || '|' || coalesce(c.desinscrit_at::text, '') || '|' || coalesce(c.desinscrit_campaign_id::text, '') || '|'
               || coalesce((select string_agg(coalesce(e.unsubscribed_at::text, 'aucun'), ',') from emails_sent e where e.contact_id = c.id), '')
        from contacts c where c.id = '{Ticket.ContactId}'
        """);

    /// <summary>Every contact's and every email's unsubscribe columns, hashed: "nothing changed for anyone".</summary>
    public static Task<string> EverythingAsync(TestDatabase database) => database.QueryAsOwnerAsync<string>("""
        select md5(coalesce((select string_agg(id::text || desinscrit::text || coalesce(desinscrit_at::text, '') || coalesce(desinscrit_campaign_id::text, ''), ',' order by id) from contacts), '')
                || coalesce((select string_agg(id::text || coalesce(unsubscribed_at::text, ''), ',' order by id) from emails_sent), '')
                || coalesce((select string_agg(id::text || unsubscribed_count::text, ',' order by id) from email_campaigns), ''))
        """);
}
