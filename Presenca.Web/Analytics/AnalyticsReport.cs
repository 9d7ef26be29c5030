using Presenca.Data.Analytics;
using Presenca.Data.Campaigns;

namespace Presenca.Web.Analytics;

/// <summary>Status counts added up over several campaigns, with the rates the pages show.</summary>
public sealed record StatusTotals(long Total, long Pending, long Sending, long Sent, long Delivered, long Failed, long Bounced, long Opened)
{
    public static StatusTotals Of(IEnumerable<CampaignAnalytics> campaigns)
    {
        long total = 0, pending = 0, sending = 0, sent = 0, delivered = 0, failed = 0, bounced = 0, opened = 0;
        foreach (var c in campaigns)
        {
            total += c.TotalEmails;
            pending += c.PendingCount;
            sending += c.SendingCount;
            sent += c.SentCount;
            delivered += c.DeliveredCount;
            failed += c.FailedCount;
            bounced += c.BouncedCount;
            opened += c.OpenedCount;
        }

        return new(total, pending, sending, sent, delivered, failed, bounced, opened);
    }

    /// <summary>Emails that left the queue: the denominator of every rate.</summary>
    public long Left => Total - Pending - Sending;

    public decimal? DeliveryRate => AnalyticsLabels.Percent(Delivered, Left);

    public decimal? BounceRate => AnalyticsLabels.Percent(Bounced, Left);

    public decimal? OpenRate => AnalyticsLabels.Percent(Opened, Left);

    public decimal? SuccessRate => AnalyticsLabels.Percent(Sent + Delivered, Left);

    public long Of(EmailSentStatus status) => status switch
    {
        EmailSentStatus.Pending => Pending,
        EmailSentStatus.Sending => Sending,
        EmailSentStatus.Sent => Sent,
        EmailSentStatus.Delivered => Delivered,
        EmailSentStatus.Failed => Failed,
        EmailSentStatus.Bounced => Bounced,
        _ => 0,
    };
}

public sealed record DailyStatus(DateOnly Day, EmailSentStatus Status, int Count);

public sealed record OrganisationFigures(string Name, int Total, int Delivered)
{
    public decimal? DeliveryRate => AnalyticsLabels.Percent(Delivered, Total);
}

public sealed record AgencyFigures(Guid ClientId, string Name, StatusTotals Totals);

public sealed record AnalyticsReport(
    AnalyticsFilter Filter,
    IReadOnlyList<(Guid Id, string Name)> Clients,
    IReadOnlyList<CampaignAnalytics> Campaigns,
    StatusTotals Totals,
    IReadOnlyList<DailyStatus> Days,
    IReadOnlyList<OrganisationFigures> TopOrganisations,
    IReadOnlyList<AgencyFigures> Agencies,
    IReadOnlyList<ContactAnalytics> Contacts,
    int ContactCount);
