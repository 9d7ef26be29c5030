using System.Globalization;

namespace Presenca.Web.Campaigns.Sending;

/// <summary>
/// Presenca's ids carried in the email's <c>X-Mailin-custom</c> header, which Brevo echoes in
/// every webhook event: <c>presenca;campaign=&lt;uuid&gt;;batch=&lt;uuid&gt;</c>.
/// </summary>
/// <remarks>
/// Brevo's messageVersions have no per-version headers (a version only overrides to, cc, bcc,
/// replyTo, subject, params, htmlContent, textContent), so this header is one per call and
/// cannot name an emails_sent row. An event therefore maps back by (campaign id from this
/// header, recipient <c>email</c> of the event), which UNIQUE(campaign, contact) and contacts'
/// unique email make exact, with the stored message id as the fallback for events without it.
/// </remarks>
public sealed record MailinCustom(Guid CampaignId, Guid BatchId)
{
    private const string Prefix = "presenca;";

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}campaign={CampaignId:D};batch={BatchId:D}");

    public static MailinCustom? TryParse(string? value)
    {
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        Guid? campaign = null;
        Guid? batch = null;
        foreach (var part in value[Prefix.Length..].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !Guid.TryParse(part[(equals + 1)..], out var id))
            {
                return null;
            }

            switch (part[..equals])
            {
                case "campaign": campaign = id; break;
                case "batch": batch = id; break;
            }
        }

        return campaign is { } c && batch is { } b ? new MailinCustom(c, b) : null;
    }
}
