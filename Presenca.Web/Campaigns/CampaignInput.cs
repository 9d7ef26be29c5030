using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net.Mail;
using Presenca.Data.Campaigns;
using Presenca.Web.Campaigns.Templates;

namespace Presenca.Web.Campaigns;

/// <summary>The campaign editor's form, and the rules it must meet before it is saved or sent.</summary>
public sealed class CampaignInput
{
    [Required(ErrorMessage = "Donnez un nom à la campagne.")]
    [StringLength(200, ErrorMessage = "Le nom ne doit pas dépasser 200 caractères.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Indiquez l'objet de l'e-mail.")]
    [StringLength(300, ErrorMessage = "L'objet ne doit pas dépasser 300 caractères.")]
    public string Subject { get; set; } = "";

    [Required(ErrorMessage = "Écrivez le contenu de l'e-mail.")]
    public string Content { get; set; } = "";

    public string Audience { get; set; } = "tous";

    public List<Guid>? Organisations { get; set; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<Guid> ChosenOrganisations => Organisations ?? [];

    public string? Search { get; set; }

    public string? SenderEmail { get; set; }

    public string? SenderName { get; set; }

    /// <summary>Paris local time, as a datetime-local input sends it (yyyy-MM-ddTHH:mm).</summary>
    public string? ScheduledAt { get; set; }

    public Guid? TemplateId { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public AudienceKind AudienceKind => Audience switch
    {
        "organisations" => AudienceKind.Organisations,
        "recherche" => AudienceKind.Recherche,
        _ => AudienceKind.Tous,
    };

    public static CampaignInput From(EmailCampaign campaign) => new()
    {
        Name = campaign.Name,
        Subject = campaign.Subject,
        Content = campaign.Content,
        Audience = Data.Modeling.SnakeCaseEnumConverter<AudienceKind>.ToText(campaign.AudienceKind),
        Organisations = campaign.AudienceOrganizationIds?.ToList() ?? [],
        Search = campaign.AudienceSearch,
        SenderEmail = campaign.SenderEmail,
        SenderName = campaign.SenderName,
        ScheduledAt = campaign.ScheduledAt is { } at ? TimeZoneInfo.ConvertTime(at, Connexions.ConnexionQuota.Paris).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : null,
        TemplateId = campaign.TemplateId,
    };

    /// <summary>Unknown merge fields, as written (sending is refused while there are any).</summary>
    public IReadOnlyList<string> UnknownFields() =>
        new EmailContent(Subject, Content).UnknownFields(MergeFieldValues.StandardFields);

    /// <summary>The body has no <c>{{desinscription}}</c>: the standard footer will be added to every email.</summary>
    public bool AddsUnsubscribeFooter() => EmailContent.NeedsUnsubscribeFooter(Content ?? "");

    /// <summary>French problems that stop saving (<paramref name="sending"/>: also those that stop sending).</summary>
    public List<string> Problems(bool sending, bool scheduling, DateTimeOffset now)
    {
        var problems = new List<string>();
        if (AudienceKind == AudienceKind.Organisations && ChosenOrganisations.Count == 0)
        {
            problems.Add("Choisissez au moins une organisation, ou un autre public.");
        }

        if (AudienceKind == AudienceKind.Recherche && string.IsNullOrWhiteSpace(Search))
        {
            problems.Add("Indiquez le texte à rechercher dans les adresses ou les organisations.");
        }

        if (!string.IsNullOrWhiteSpace(SenderEmail) && (!MailAddress.TryCreate(SenderEmail.Trim(), out var sender) || sender.Address != SenderEmail.Trim()))
        {
            problems.Add("L'adresse d'expéditeur n'est pas une adresse e-mail valide.");
        }

        if (sending && UnknownFields() is { Count: > 0 } unknown)
        {
            problems.Add($"Champ(s) de fusion inconnu(s) : {string.Join(", ", unknown.Select(f => "{{" + f + "}}"))}. Champs disponibles : {string.Join(", ", MergeFieldValues.StandardFields.Select(f => "{{" + f + "}}"))}.");
        }

        if (scheduling)
        {
            if (ScheduledAtUtc() is not { } at)
            {
                problems.Add("Indiquez la date et l'heure de l'envoi programmé.");
            }
            else if (at <= now)
            {
                problems.Add("La date d'envoi programmé doit être dans le futur.");
            }
        }

        return problems;
    }

    public DateTimeOffset? ScheduledAtUtc()
    {
        if (!DateTime.TryParseExact(ScheduledAt, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        return new DateTimeOffset(local, Connexions.ConnexionQuota.Paris.GetUtcOffset(local));
    }

    public void ApplyTo(EmailCampaign campaign)
    {
        campaign.Name = Name.Trim();
        campaign.Subject = Subject.Trim();
        campaign.Content = Content;
        campaign.AudienceKind = AudienceKind;
        campaign.AudienceOrganizationIds = AudienceKind == AudienceKind.Organisations ? [.. ChosenOrganisations.Distinct()] : null;
        campaign.AudienceSearch = AudienceKind == AudienceKind.Recherche ? Search?.Trim() : null;
        campaign.SenderEmail = string.IsNullOrWhiteSpace(SenderEmail) ? null : SenderEmail.Trim();
        campaign.SenderName = string.IsNullOrWhiteSpace(SenderName) ? null : SenderName.Trim();
        campaign.TemplateId = TemplateId;
    }
}
