using Presenca.Data.Analytics;
using Presenca.Data.Campaigns;

namespace Presenca.Web.Analytics;

/// <summary>Status counts added up over several campaigns, with the rates the pages show.</summary>
public sealed record StatusTotals(long Total, long Pending, long Sending, long Sent, long Delivered, long Failed, long Bounced, long Opened, long Unsubscribed = 0)
{
    public static StatusTotals Of(IEnumerable<CampaignAnalytics> campaigns)
    {
        long total = 0, pending = 0, sending = 0, sent = 0, delivered = 0, failed = 0, bounced = 0, opened = 0, unsubscribed = 0;
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
            unsubscribed += c.UnsubscribedCount;
        }

        return new(total, pending, sending, sent, delivered, failed, bounced, opened, unsubscribed);
    }

    public static StatusTotals Sum(IEnumerable<StatusTotals> parts) => parts.Aggregate(
        new StatusTotals(0, 0, 0, 0, 0, 0, 0, 0),
        (a, b) => new(a.Total + b.Total, a.Pending + b.Pending, a.Sending + b.Sending, a.Sent + b.Sent,
            a.Delivered + b.Delivered, a.Failed + b.Failed, a.Bounced + b.Bounced, a.Opened + b.Opened, a.Unsubscribed + b.Unsubscribed));

    /// <summary>Emails that left the queue: the denominator of every rate.</summary>
    public long Left => Total - Pending - Sending;

    public decimal? DeliveryRate => AnalyticsLabels.Percent(Delivered, Left);

    public decimal? BounceRate => AnalyticsLabels.Percent(Bounced, Left);

    public decimal? OpenRate => AnalyticsLabels.Percent(Opened, Left);

    public decimal? SuccessRate => AnalyticsLabels.Percent(Sent + Delivered, Left);

    public decimal? UnsubscribeRate => AnalyticsLabels.Percent(Unsubscribed, Left);

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

/// <summary>One day's emails per status, in the order of <see cref="AnalyticsLabels.EmailStatuses"/>.</summary>
public sealed record DayFigures(DateOnly Day, IReadOnlyList<int> ByStatus)
{
    /// <summary>Grouped once, so that a year of days renders in one pass rather than a search per cell.</summary>
    public static IReadOnlyList<DayFigures> Of(IEnumerable<DailyStatus> counts) => counts
        .GroupBy(c => c.Day)
        .OrderBy(g => g.Key)
        .Select(g => new DayFigures(g.Key, AnalyticsLabels.EmailStatuses.Select(s => g.Where(c => c.Status == s).Sum(c => c.Count)).ToList()))
        .ToList();
}

public sealed record OrganisationFigures(string Name, int Total, int Delivered)
{
    public decimal? DeliveryRate => AnalyticsLabels.Percent(Delivered, Total);
}

/// <summary>Where a contact stands in address order: the key of Analytique's contact pages.</summary>
public sealed record ContactKey(string EmailLower, Guid Id);

/// <summary>Up to a page of contacts in address order, and whether more come before or after them.</summary>
public sealed record ContactsPage(IReadOnlyList<ContactAnalytics> Rows, bool HasPrevious, bool HasNext);

/// <summary>One client's campaigns of the period, counted and added up.</summary>
public sealed record AgencyFigures(Guid ClientId, string Name, int Campaigns, StatusTotals Totals);

/// <summary>A page of the period's campaigns in the chosen order; <see cref="Count"/> counts them all.</summary>
public sealed record CampaignsPage(IReadOnlyList<CampaignAnalytics> Rows, int Page, int Pages, int Count);

/// <summary>A client the Analytique filter offers.</summary>
public sealed record ClientChoice(Guid Id, string Name);

/// <summary>
/// Everything Analytique shows for a filter, read at once (and, while prerendering, handed to the
/// circuit as it is: records and lists only, so that it round-trips through JSON).
/// </summary>
public sealed record AnalyticsReport(
    AnalyticsFilter Filter,
    IReadOnlyList<ClientChoice> Clients,
    CampaignsPage Campaigns,
    StatusTotals Totals,
    IReadOnlyList<DayFigures> Days,
    IReadOnlyList<OrganisationFigures> TopOrganisations,
    IReadOnlyList<AgencyFigures> Agencies,
    ContactsPage Contacts,
    int ContactCount);
