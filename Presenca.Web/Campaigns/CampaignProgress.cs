namespace Presenca.Web.Campaigns;

/// <summary>
/// What "Envoi en progression" shows for a campaign, from its counters: the share handed to Brevo,
/// the rate since sending started and the time left at that rate.
/// </summary>
public sealed record CampaignProgress(int Total, int Done, int Percent, double? PerMinute, TimeSpan? Remaining)
{
    public static CampaignProgress Of(CampaignState campaign, DateTimeOffset now)
    {
        // While recipients are still being prepared the share is of the whole audience, not of
        // the part written so far; what is done is counted among the recipients written.
        // Until the audience is counted (a second or two after the start) there is no whole to
        // measure against: no share, no time left.
        var total = campaign.ExpectedTotal;
        var done = campaign.Total - campaign.Pending - campaign.Sending;
        var percent = !campaign.AudienceCounted ? 0 : total == 0 ? 100 : (int)Math.Floor(100.0 * done / total);
        double? perMinute = null;
        TimeSpan? remaining = null;
        if (campaign.StartedAt is { } started && done > 0)
        {
            var minutes = Math.Max((now - started).TotalMinutes, 1.0 / 60);
            perMinute = done / minutes;
            remaining = campaign.AudienceCounted ? TimeSpan.FromMinutes((total - done) / perMinute.Value) : null;
        }

        return new CampaignProgress(total, done, percent, perMinute, remaining);
    }

    public string RateText => PerMinute is { } rate ? CampaignLabels.Number((int)Math.Round(rate)) : "—";

    public string RemainingText => Remaining is not { } left ? "—"
        : left < TimeSpan.FromMinutes(1) ? "moins d'une minute"
        : left < TimeSpan.FromHours(1) ? $"environ {Math.Ceiling(left.TotalMinutes)} min"
        : $"environ {Math.Floor(left.TotalHours)} h {left.Minutes:00}";
}
