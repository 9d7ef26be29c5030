using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Campaigns;

namespace Presenca.Web.Campaigns;

/// <summary>Who a campaign belongs to: a new one to the caller's client, an existing one to its own.</summary>
public sealed record CampaignOwner(Guid OrganisationId, Guid ClientId, Guid? UserId);

/// <summary>What saving did: the campaign's id, or the French problems that stopped it (nothing stored then).</summary>
public sealed record CampaignSave(Guid? CampaignId, IReadOnlyList<string> Problems)
{
    public bool Saved => CampaignId is not null;
}

/// <summary>
/// The editor's save, on the server side of the circuit: every rule the form states is checked
/// again here, and so is what a browser cannot be trusted with. A template or a company
/// (organisation) of another client is refused, even one the caller may see (a director sees the
/// network's agencies), because the campaign would send that client's content or address nobody.
/// </summary>
public static class CampaignDrafts
{
    public const string ForeignTemplate = "Le modèle choisi n'appartient pas au client de cette campagne : rien n'a été enregistré.";
    public const string ForeignOrganisation = "Une organisation choisie n'appartient pas au client de cette campagne : rien n'a été enregistré.";
    public const string AlreadyLeft = "Cette campagne vient de partir : elle ne se modifie plus.";

    /// <summary>The problems that stop this save (<paramref name="action"/>: enregistrer, programmer or envoyer).</summary>
    public static async Task<List<string>> ProblemsAsync(PresencaDbContext db, CampaignOwner owner, CampaignInput input, string action, DateTimeOffset now)
    {
        var problems = input.Problems(sending: action is "envoyer" or "programmer", scheduling: action == "programmer", now);
        if (input.TemplateId is { } templateId
            && !await db.EmailTemplates.AnyAsync(t => t.Id == templateId && t.ClientId == owner.ClientId))
        {
            problems.Add(ForeignTemplate);
        }

        if (input.AudienceKind == AudienceKind.Organisations && input.ChosenOrganisations.Count > 0)
        {
            var chosen = input.ChosenOrganisations.Distinct().ToList();
            var owned = await db.ContactOrganizations.CountAsync(o => chosen.Contains(o.Id) && o.ClientId == owner.ClientId);
            if (owned != chosen.Count)
            {
                problems.Add(ForeignOrganisation);
            }
        }

        return problems;
    }

    /// <summary>Creates (<paramref name="id"/> null) or updates the campaign, as the context's caller.</summary>
    public static async Task<CampaignSave> SaveAsync(PresencaDbContext db, CampaignOwner owner, Guid? id, CampaignInput input, string action, DateTimeOffset now)
    {
        var problems = await ProblemsAsync(db, owner, input, action, now);
        if (problems.Count > 0)
        {
            return new CampaignSave(null, problems);
        }

        EmailCampaign campaign;
        if (id is { } existingId)
        {
            var existing = await db.EmailCampaigns.SingleOrDefaultAsync(c => c.Id == existingId && c.ClientId == owner.ClientId);
            if (existing is null || !existing.IsEditable)
            {
                return new CampaignSave(null, [AlreadyLeft]);
            }

            campaign = existing;
        }
        else
        {
            campaign = new EmailCampaign
            {
                OrganisationId = owner.OrganisationId,
                ClientId = owner.ClientId,
                UserId = owner.UserId,
                Name = "",
                Subject = "",
                Content = "",
            };
            db.EmailCampaigns.Add(campaign);
        }

        input.ApplyTo(campaign);
        if (action == "programmer")
        {
            campaign.Status = EmailCampaignStatus.Scheduled;
            campaign.ScheduledAt = input.ScheduledAtUtc();
        }
        else if (campaign.Status == EmailCampaignStatus.Scheduled && action == "enregistrer")
        {
            // Saving a scheduled campaign keeps its schedule unless the date was cleared.
            campaign.ScheduledAt = input.ScheduledAtUtc();
            if (campaign.ScheduledAt is null)
            {
                campaign.Status = EmailCampaignStatus.Draft;
            }
        }

        await db.SaveChangesAsync();
        return new CampaignSave(campaign.Id, []);
    }
}
