using System.Globalization;
using Presenca.Data.Campaigns;
using Presenca.Web.Campaigns;

namespace Presenca.Web.Analytics;

/// <summary>Number, rate and date formats of Aperçu and Analytique (status names: <see cref="CampaignLabels"/>).</summary>
public static class AnalyticsLabels
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static readonly IReadOnlyList<EmailSentStatus> EmailStatuses =
        [EmailSentStatus.Pending, EmailSentStatus.Sending, EmailSentStatus.Sent, EmailSentStatus.Delivered, EmailSentStatus.Failed, EmailSentStatus.Bounced];

    /// <summary>A percentage with one decimal, "–" when there is nothing to divide by.</summary>
    public static string Rate(decimal? rate) => rate is { } value ? value.ToString("0.0", French) + " %" : "–";

    public static string Count(long value) => value.ToString("N0", French);

    public static decimal? Percent(long part, long whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

    public static string Moment(DateTimeOffset? moment) =>
        moment is { } value ? TimeZoneInfo.ConvertTime(value, Paris).ToString("dd/MM/yyyy HH:mm", French) : "–";

    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
}
