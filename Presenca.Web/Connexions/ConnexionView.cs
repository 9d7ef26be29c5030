using Presenca.Data.Connexions;

namespace Presenca.Web.Connexions;

/// <summary>
/// What the Connexions page may show of one connexion: every column a user checks, with the
/// secrets already masked. The page keeps and persists (prerender to circuit) only this, never the
/// entity, so no secret can reach the browser, not even inside the persisted component state.
/// </summary>
public sealed record ConnexionView
{
    public Integration Integration { get; init; }

    public Guid ConnexionId { get; init; }

    public Guid ClientId { get; init; }

    public bool Actif { get; init; }

    public bool PartageAgences { get; init; }

    public ConnexionStatus StatutConnexion { get; init; }

    public DateTimeOffset? DerniereSynchro { get; init; }

    public string? DerniereErreur { get; init; }

    public int UsageAujourdhui { get; init; }

    public int? LimiteQuotidienne { get; init; }

    public DateTimeOffset? ResetQuotaAt { get; init; }

    public bool HasSecret { get; init; }

    /// <summary>The main secret as <see cref="SecretMask"/> writes it (••••a1b2).</summary>
    public string MaskedSecret { get; init; } = "";

    /// <summary>Instagram: the masked connexion key, null when there is none.</summary>
    public string? MaskedConnexionKey { get; init; }

    public string? NomCompte { get; init; }

    public string? EmailCompte { get; init; }

    public string? Plan { get; init; }

    public decimal? Credits { get; init; }

    /// <summary>OpenAI: the cost of the current month (Paris), zero when the stored month is another.</summary>
    public decimal CoutMois { get; init; }

    public decimal? LimiteCoutMois { get; init; }

    public IReadOnlyList<string> ModelesAutorises { get; init; } = [];

    /// <summary>OpenAI: the models the last successful test listed for this key.</summary>
    public IReadOnlyList<string> OfferedModels { get; init; } = [];

    public string? BusinessAccountId { get; init; }

    public string? TypeCompte { get; init; }

    public DateTimeOffset? TokenExpireAt { get; init; }

    /// <summary>The form as it stands for this connexion (no secret in it: secrets are write-only).</summary>
    public ConnexionInput Input { get; init; } = new();

    public static ConnexionView Of(Connexion connexion, DateTimeOffset now)
    {
        var view = new ConnexionView
        {
            Integration = connexion.Integration,
            ConnexionId = connexion.ConnexionId,
            ClientId = connexion.ClientId,
            Actif = connexion.Actif,
            PartageAgences = connexion.PartageAgences,
            StatutConnexion = connexion.StatutConnexion,
            DerniereSynchro = connexion.DerniereSynchro,
            DerniereErreur = connexion.DerniereErreur,
            UsageAujourdhui = connexion.UsageAujourdhui(now),
            LimiteQuotidienne = connexion.LimiteQuotidienne,
            ResetQuotaAt = connexion.ResetQuotaAt,
            HasSecret = !string.IsNullOrEmpty(connexion.MainSecret),
            MaskedSecret = SecretMask.Of(connexion.MainSecret),
            Input = ConnexionInput.From(connexion, connexion.Integration),
        };
        return connexion switch
        {
            BrevoConnexion b => view with { NomCompte = b.NomCompte, EmailCompte = b.EmailCompte, Plan = b.Plan, Credits = b.Credits },
            ZohoConnexion z => view with { NomCompte = z.NomCompte, EmailCompte = z.EmailCompte },
            OpenaiConnexion o => view with
            {
                EmailCompte = o.EmailCompte,
                CoutMois = CurrentMonthCost(o, now),
                LimiteCoutMois = o.LimiteCoutMois,
                ModelesAutorises = o.ModelesAutorises ?? [],
                OfferedModels = ConnexionTester.OfferedModels(o),
            },
            InstagramConnexion i => view with
            {
                EmailCompte = i.EmailCompte,
                MaskedConnexionKey = i.ConnexionKey is null ? null : SecretMask.Of(i.ConnexionKey),
                BusinessAccountId = i.BusinessAccountId,
                TypeCompte = i.TypeCompte,
                TokenExpireAt = i.TokenExpireAt,
            },
            _ => view,
        };
    }

    private static decimal CurrentMonthCost(OpenaiConnexion openai, DateTimeOffset now)
    {
        var month = TimeZoneInfo.ConvertTime(now, ConnexionQuota.Paris);
        return openai.MoisCout == new DateOnly(month.Year, month.Month, 1) ? openai.CoutActuelMois ?? 0 : 0;
    }
}
