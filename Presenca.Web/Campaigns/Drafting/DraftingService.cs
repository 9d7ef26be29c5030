using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;
using Presenca.Web.Campaigns.Templates;
using Presenca.Web.Connexions;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Campaigns.Drafting;

/// <summary>
/// "Rédiger avec l'IA" on the server: which connexion and models a client may draft with, and one
/// draft: checks, reservation of the daily quota and of the worst-case cost (one statement in
/// PostgreSQL, reserve_openai_generation), the streamed call, then settlement to the cost OpenAI
/// reported (settle_openai_generation), whatever happened. Nothing the browser sends is trusted:
/// the model is checked against the allowed, offered and priced ones here and in SQL.
/// </summary>
public sealed class DraftingService(
    IDbContextFactory<PresencaDbContext> dbFactory, CallerSource callers, OpenAiDrafter drafter, OpenAiPricing pricing,
    IConfiguration configuration, TimeProvider clock, ILogger<DraftingService> logger)
{
    public const string MaxTokensSetting = "Presenca:OpenAI:MaxTokens";

    private const string NoRight = "Vous n'avez pas le droit d'utiliser la connexion OpenAI de ce client : seuls son équipe et le directeur de son réseau rédigent pour lui.";

    public int MaxTokens => int.TryParse(configuration[MaxTokensSetting], out var tokens) && tokens > 0 ? tokens : 1500;

    public OpenAiPricing Pricing => pricing;

    public async Task<DraftAvailability> GetAvailabilityAsync(Guid clientId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await ResolveAsync(db, clientId, cancellationToken)).Availability;
    }

    /// <summary>
    /// Streams a draft for <paramref name="clientId"/>, handing each state of the text to
    /// <paramref name="onProgress"/>. Cancelling the token stops the HTTP stream.
    /// </summary>
    public async Task<DraftResult> DraftAsync(Guid clientId, DraftBrief brief, Func<DraftText, Task> onProgress, CancellationToken cancellationToken)
    {
        if (brief.Problem() is { } problem)
        {
            return DraftResult.Refused(problem);
        }

        OpenaiConnexion connexion;
        ModelPrice price;
        DraftPrompt prompt;
        Guid generationId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var (availability, found) = await ResolveAsync(db, clientId, cancellationToken);
            if (availability.Unavailable is { } unavailable || found is null)
            {
                return DraftResult.Refused(availability.Unavailable ?? NoRight);
            }

            if (!availability.Models.Contains(brief.Model, StringComparer.Ordinal))
            {
                return DraftResult.Refused($"Le modèle « {brief.Model} » n'est pas proposé pour cette connexion OpenAI (choix possibles : {string.Join(", ", availability.Models)}).");
            }

            connexion = found;
            price = pricing.PriceOf(brief.Model)!;
            prompt = DraftPrompt.For(brief, availability.ClientName);
            var reserve = OpenAiPricing.Cost(price, prompt.TokenUpperBound, MaxTokens);
            // Not cancellable: a reservation that committed must be known, to be settled.
            var id = await db.Database
                .SqlQuery<Guid?>($"select reserve_openai_generation({connexion.ConnexionId}, {clientId}, {brief.Model}, {MaxTokens}, {reserve}) as \"Value\"")
                .SingleAsync(CancellationToken.None);
            if (id is not { } reserved)
            {
                return DraftResult.Refused(await ExplainRefusalAsync(db, connexion.ConnexionId, brief.Model, reserve, cancellationToken));
            }

            generationId = reserved;
        }

        var text = new StringBuilder();
        var call = new DraftCall(DraftOutcome.Interrompue, "La rédaction s'est arrêtée sur une erreur : rien n'a été ajouté au modèle.", "", false, null, null);
        var cost = 0m;
        try
        {
            call = await drafter.StreamAsync(new OpenAiCredentials(connexion.ApiKey!, connexion.OpenaiOrganisationId, connexion.ProjectId), brief.Model, prompt, MaxTokens,
                async chunk =>
                {
                    text.Append(chunk);
                    await onProgress(DraftText.Parse(text.ToString()));
                },
                cancellationToken);
        }
        finally
        {
            cost = Charge(call, price, prompt, text);
            await SettleAsync(generationId, call, cost);
            logger.LogInformation("OpenAI draft {GenerationId} for client {ClientId}: model {Model}, {PromptTokens}+{CompletionTokens} tokens, cost {Cost}, {Outcome}",
                generationId, clientId, brief.Model, call.PromptTokens, call.CompletionTokens, cost, call.Outcome.Stored());
        }

        if (call.Outcome != DraftOutcome.Reussie)
        {
            return DraftResult.Failed(call.Message!, call, cost);
        }

        var draft = DraftText.Parse(call.Text);
        if (draft.Subject.Length == 0 || draft.Body.Length == 0)
        {
            return DraftResult.Failed("La réponse d'OpenAI ne suit pas le format attendu (objet, puis corps) : rien n'a été ajouté au modèle. Régénérez.", call, cost);
        }

        var html = DraftHtml.Sanitize(draft.Body);
        var subjects = new[] { draft.Subject }.Concat(draft.Alternatives).Select(s => s.Length > 200 ? s[..200] : s).Distinct().Take(3).ToList();
        var unknown = MergeFieldTemplate.Parse(string.Join('\n', subjects) + "\n" + html).UnknownFields(MergeFieldValues.StandardFields);
        return new DraftResult(true, call.Truncated ? "Le texte a atteint la longueur maximale : relisez la fin avant de l'accepter." : null,
            subjects, html, unknown, call.PromptTokens, call.CompletionTokens, cost);
    }

    private async Task<(DraftAvailability Availability, OpenaiConnexion? Connexion)> ResolveAsync(PresencaDbContext db, Guid clientId, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        if (client is null || !(caller.IsAdmin || caller.ClientId == client.ClientId || (caller.IsDirector && client.ReseauId == caller.ClientId)))
        {
            return (DraftAvailability.Closed("", NoRight), null);
        }

        var effective = await EffectiveConnexion.ResolveAsync(db, Integration.Openai, clientId, cancellationToken);
        if (effective.Connexion is not OpenaiConnexion connexion)
        {
            return (DraftAvailability.Closed(client.ClientNom, $"{effective.Reason} {WhoCanConfigure(client.ClientType)}"), null);
        }

        var whose = effective.Source == EffectiveSource.Network ? "partagée du réseau" : client.ClientType == ClientType.Reseau ? "du réseau" : "de l'agence";
        if (string.IsNullOrEmpty(connexion.ApiKey))
        {
            return (DraftAvailability.Closed(client.ClientNom, $"La connexion OpenAI {whose} n'a pas de clé API : enregistrez-la dans Connexions. {WhoCanConfigure(client.ClientType)}"), null);
        }

        if (connexion.StatutConnexion == ConnexionStatus.CleInvalide)
        {
            return (DraftAvailability.Closed(client.ClientNom, $"OpenAI a refusé la clé de la connexion {whose} : remplacez-la dans Connexions, puis testez la connexion."), null);
        }

        var offered = ConnexionTester.OfferedModels(connexion);
        if (offered.Count == 0)
        {
            return (DraftAvailability.Closed(client.ClientNom, $"Testez d'abord la connexion OpenAI {whose} dans Connexions (« Tester la connexion ») : les modèles proposés viennent de ce test."), null);
        }

        var allowed = connexion.ModelesAutorises ?? [];
        var models = allowed.Where(m => offered.Contains(m, StringComparer.Ordinal) && pricing.PriceOf(m) is not null).Distinct().ToList();
        var spent = MonthCost(connexion);
        var availability = new DraftAvailability(client.ClientNom, models, null, $"connexion OpenAI {whose}", spent, connexion.LimiteCoutMois);
        return models.Count > 0
            ? (availability, connexion)
            : (availability with
            {
                Unavailable = $"Aucun modèle n'est à la fois autorisé pour la connexion OpenAI {whose} ({(allowed.Count == 0 ? "aucun" : string.Join(", ", allowed))}), "
                    + "proposé par OpenAI au dernier test et doté d'un prix dans la configuration (Presenca:OpenAI:Prices). Ajustez les modèles autorisés dans Connexions.",
            }, null);
    }

    private async Task<string> ExplainRefusalAsync(PresencaDbContext db, Guid connexionId, string model, decimal reserve, CancellationToken cancellationToken)
    {
        var connexion = await db.OpenaiConnexions.AsNoTracking().SingleOrDefaultAsync(c => c.ConnexionId == connexionId, cancellationToken);
        if (connexion is null)
        {
            return NoRight;
        }

        if (!connexion.Actif)
        {
            return "La connexion OpenAI est désactivée : elle ne peut plus être utilisée.";
        }

        if (connexion.ModelesAutorises?.Contains(model) != true)
        {
            return $"Le modèle « {model} » n'est pas autorisé pour cette connexion OpenAI (autorisés : {string.Join(", ", connexion.ModelesAutorises ?? [])}).";
        }

        if (connexion.LimiteQuotidienne is { } limit && connexion.UsageAujourdhui(clock.GetUtcNow()) + 1 > limit)
        {
            return await ConnexionQuota.ExplainRefusalAsync(db, Integration.Openai, connexionId, 1, cancellationToken);
        }

        // What remains is the budget (the caller's rights were checked before reserving). The
        // counter read now may already be lower than the one the reservation saw: drafts in
        // progress hold reservations that they settle when they end.
        if (connexion.LimiteCoutMois is { } budget)
        {
            var spent = MonthCost(connexion);
            return spent + reserve > budget
                ? $"Budget mensuel OpenAI atteint : {pricing.Format(spent)} dépensés sur {pricing.Format(budget)} ce mois-ci, et cette rédaction peut coûter jusqu'à {pricing.Format(reserve)}. Le budget repart à zéro le 1er du mois (heure de Paris)."
                : $"Budget mensuel OpenAI atteint pour l'instant : des rédactions en cours en réservent le reste (budget de {pricing.Format(budget)}, cette rédaction peut coûter jusqu'à {pricing.Format(reserve)}). Réessayez dans un moment.";
        }

        return NoRight;
    }

    /// <summary>
    /// What OpenAI reported as used. A draft the user cancels is cut before OpenAI reports its
    /// usage, though OpenAI bills what it produced: it is charged the bound the reserve is made of
    /// (a token is at least one byte) for the prompt and the text received, so cancelling just
    /// before the end cannot draft for free. A failure on OpenAI's side with no usage charges nothing.
    /// </summary>
    private decimal Charge(DraftCall call, ModelPrice price, DraftPrompt prompt, StringBuilder received) => call switch
    {
        { PromptTokens: null, CompletionTokens: null, Outcome: DraftOutcome.Annulee } =>
            OpenAiPricing.Cost(price, prompt.TokenUpperBound, Math.Min(Encoding.UTF8.GetByteCount(received.ToString()), MaxTokens)),
        { PromptTokens: null, CompletionTokens: null } => 0m,
        _ => OpenAiPricing.Cost(price, call.PromptTokens ?? 0, call.CompletionTokens ?? 0),
    };

    private async Task SettleAsync(Guid generationId, DraftCall call, decimal cost)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Database.SqlQueryRaw<bool>(
                "select settle_openai_generation(@id, @prompt, @completion, @cost, @outcome, @error) as \"Value\"",
                new NpgsqlParameter("id", NpgsqlDbType.Uuid) { Value = generationId },
                new NpgsqlParameter("prompt", NpgsqlDbType.Integer) { Value = (object?)call.PromptTokens ?? DBNull.Value },
                new NpgsqlParameter("completion", NpgsqlDbType.Integer) { Value = (object?)call.CompletionTokens ?? DBNull.Value },
                new NpgsqlParameter("cost", NpgsqlDbType.Numeric) { Value = cost },
                new NpgsqlParameter("outcome", NpgsqlDbType.Text) { Value = call.Outcome.Stored() },
                new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)(call.Outcome == DraftOutcome.CleInvalide ? call.Message : null) ?? DBNull.Value })
            .SingleAsync(CancellationToken.None);
    }

    private decimal MonthCost(OpenaiConnexion connexion)
    {
        var now = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), ConnexionQuota.Paris);
        return connexion.MoisCout == new DateOnly(now.Year, now.Month, 1) ? connexion.CoutActuelMois ?? 0 : 0;
    }

    private static string WhoCanConfigure(ClientType type) => type switch
    {
        ClientType.Reseau => "Le directeur du réseau peut ajouter une connexion OpenAI au réseau dans Connexions.",
        ClientType.ReseauAgence => "L'agence ou le directeur de son réseau peut lui ajouter une connexion OpenAI dans Connexions ; le directeur peut aussi partager celle du réseau avec ses agences.",
        _ => "L'équipe de l'agence peut ajouter une connexion OpenAI dans Connexions.",
    };
}

/// <summary>Whether a client can draft now: its name (sent to OpenAI), the models it may choose, or why not.</summary>
public sealed record DraftAvailability(string ClientName, IReadOnlyList<string> Models, string? Unavailable, string? Source, decimal Spent, decimal? Budget)
{
    public static DraftAvailability Closed(string clientName, string reason) => new(clientName, [], reason, null, 0, null);
}

/// <summary>A finished draft (subjects first proposed first, sanitised HTML) or why there is none.</summary>
public sealed record DraftResult(bool Succeeded, string? Message, IReadOnlyList<string> Subjects, string Html, IReadOnlyList<string> UnknownFields,
    int? PromptTokens, int? CompletionTokens, decimal Cost)
{
    public static DraftResult Refused(string message) => new(false, message, [], "", [], null, null, 0);

    public static DraftResult Failed(string message, DraftCall call, decimal cost) => new(false, message, [], "", [], call.PromptTokens, call.CompletionTokens, cost);
}
