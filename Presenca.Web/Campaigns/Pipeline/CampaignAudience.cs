using Microsoft.EntityFrameworkCore;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Campaigns;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>Who a campaign goes to, as the campaign stores it.</summary>
public sealed record CampaignAudience(Guid ClientId, AudienceKind Kind, IReadOnlyList<Guid>? OrganizationIds, string? Search)
{
    /// <summary>
    /// The contacts of the audience, alias <c>c</c>, excluding unsubscribed and hard-bounced
    /// contacts: one predicate for the count shown before sending and for materialisation, so the
    /// number announced is the number sent. Parameters $1..$4 (see <see cref="Parameters"/>).
    /// </summary>
    public const string Predicate = """
        c.client_id = $1 and not c.desinscrit and not c.hard_bounced
        and ($2 = 'tous'
             or ($2 = 'organisations' and c.organization_id = any ($3::uuid[]))
             or ($2 = 'recherche' and (c.email ilike $4 or c.organization_name ilike $4)))
        """;

    public static CampaignAudience Of(EmailCampaign campaign) =>
        new(campaign.ClientId, campaign.AudienceKind, campaign.AudienceOrganizationIds, campaign.AudienceSearch);

    public IEnumerable<NpgsqlParameter> Parameters()
    {
        yield return new NpgsqlParameter { Value = ClientId };
        yield return new NpgsqlParameter { Value = Data.Modeling.SnakeCaseEnumConverter<AudienceKind>.ToText(Kind) };
        yield return new NpgsqlParameter { Value = (OrganizationIds ?? []).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid };
        yield return new NpgsqlParameter { Value = "%" + Escape(Search?.Trim() ?? "") + "%" };
    }

    /// <summary>How many contacts would receive it now (run as the context's caller: RLS applies).</summary>
    public async Task<int> CountAsync(PresencaDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select count(*)::int from contacts c where {Predicate}", (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.AddRange(Parameters().ToArray());
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
