using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Connexions;

namespace Presenca.Web.Connexions;

/// <summary>
/// What every use of a connexion goes through before calling the provider: the daily quota
/// (consume_connexion_quota, one atomic UPDATE ... RETURNING in PostgreSQL) and, for OpenAI, the
/// allowed models and the monthly budget (consume_openai_budget). A refusal says why, in French.
/// The caller's context decides visibility: an agency may spend its network's shared connexion.
/// </summary>
public static class ConnexionQuota
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static async Task<QuotaDecision> TryConsumeAsync(PresencaDbContext db, Integration integration, Guid connexionId, int amount = 1, CancellationToken cancellationToken = default)
    {
        if (amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "La quantité consommée doit être positive.");
        }

        var used = await db.Database
            .SqlQuery<int?>($"select consume_connexion_quota({ConnexionSets.Prefix(integration)}, {connexionId}, {amount}) as \"Value\"")
            .SingleAsync(cancellationToken);
        if (used is { } usage)
        {
            return QuotaDecision.Allowed(usage);
        }

        return QuotaDecision.Refused(await ExplainRefusalAsync(db, integration, connexionId, amount, cancellationToken));
    }

    /// <summary>Charges an OpenAI call's cost (in the account's currency) to the monthly budget.</summary>
    public static async Task<QuotaDecision> TryChargeOpenAiAsync(PresencaDbContext db, Guid connexionId, string model, decimal cost, CancellationToken cancellationToken = default)
    {
        var spent = await db.Database
            .SqlQuery<decimal?>($"select consume_openai_budget({connexionId}, {model}, {cost}) as \"Value\"")
            .SingleAsync(cancellationToken);
        if (spent is not null)
        {
            return QuotaDecision.Allowed(0);
        }

        var connexion = await db.OpenaiConnexions.AsNoTracking().SingleOrDefaultAsync(c => c.ConnexionId == connexionId, cancellationToken);
        if (connexion is null || !connexion.Actif)
        {
            return QuotaDecision.Refused(Unusable(Integration.Openai, connexion));
        }

        if (connexion.ModelesAutorises?.Contains(model) != true)
        {
            return QuotaDecision.Refused($"Le modèle « {model} » n'est pas autorisé pour cette connexion OpenAI (autorisés : {string.Join(", ", connexion.ModelesAutorises ?? [])}).");
        }

        return QuotaDecision.Refused(string.Create(CultureInfo.GetCultureInfo("fr-FR"),
            $"Budget mensuel OpenAI atteint : {connexion.CoutActuelMois:0.00} dépensés sur {connexion.LimiteCoutMois:0.00} ce mois-ci ; cette dépense de {cost:0.0000} le dépasserait."));
    }

    /// <summary>Why <c>consume_connexion_quota</c> refused <paramref name="amount"/>, in French.</summary>
    public static async Task<string> ExplainRefusalAsync(PresencaDbContext db, Integration integration, Guid connexionId, int amount, CancellationToken cancellationToken)
    {
        var connexion = await ConnexionSets.FindAsync(db, integration, connexionId, cancellationToken);
        if (connexion is null || !connexion.Actif)
        {
            return Unusable(integration, connexion);
        }

        var now = DateTimeOffset.UtcNow;
        var usage = connexion.UsageAujourdhui(now);
        var remaining = Math.Max(0, (connexion.LimiteQuotidienne ?? 0) - usage);
        var reset = connexion.ResetQuotaAt is { } at && at > now ? at : now;
        var resetText = TimeZoneInfo.ConvertTime(reset, Paris).ToString("dd/MM/yyyy 'à' HH:mm", CultureInfo.GetCultureInfo("fr-FR"));
        return $"Limite quotidienne {ConnexionLabels.Of(integration)} atteinte : {usage} utilisés sur {connexion.LimiteQuotidienne}, il en reste {remaining} et cette opération en demande {amount}. Le compteur repart à zéro le {resetText}.";
    }

    private static string Unusable(Integration integration, Connexion? connexion) => connexion is null
        ? $"Connexion {ConnexionLabels.Of(integration)} introuvable."
        : $"La connexion {ConnexionLabels.Of(integration)} est désactivée : elle ne peut plus être utilisée.";
}

public sealed record QuotaDecision(bool IsAllowed, int UsageToday, string? Refusal)
{
    public static QuotaDecision Allowed(int usage) => new(true, usage, null);

    public static QuotaDecision Refused(string reason) => new(false, 0, reason);
}
