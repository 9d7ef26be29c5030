using System.Net;
using Presenca.Web.Tests.Campaigns.Pipeline;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// The real path of a delivery: a campaign sent by the pipeline, then Brevo's webhook reporting
/// deliveries; the company counters of the top organisations chart follow, once per recipient.
/// </summary>
public sealed class CompanyCountersWebhookTests() : SentCampaignWebhookTests(contacts: 14)
{
    // Contacts n = 1..14 work at "Société n % 7": two per company.
    private Task<string> CompanyAsync(string table, string company) => Harness.Database.QueryAsOwnerAsync<string>(
        $"select coalesce(string_agg(emails || '/' || delivered, ','), 'none') from {table} where recipient_organization = '{company}'");

    [Fact]
    public async Task Delivery_events_move_recipients_into_their_company_s_delivered_count_once()
    {
        Assert.Equal("2/0", await CompanyAsync("email_organisation_monthly_counts", "Société 1"));

        foreach (var email in new[] { "destinataire1@exemple.fr", "destinataire8@exemple.fr", "destinataire1@exemple.fr", "destinataire2@exemple.fr" })
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Event("delivered", email))).StatusCode);
        }

        Assert.Equal("2/2", await CompanyAsync("email_organisation_monthly_counts", "Société 1"));
        Assert.Equal("2/2", await CompanyAsync("email_organisation_daily_counts", "Société 1"));
        Assert.Equal("2/1", await CompanyAsync("email_organisation_monthly_counts", "Société 2"));
        Assert.Equal("2/0", await CompanyAsync("email_organisation_monthly_counts", "Société 3"));
    }
}
