using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;
using Presenca.Web.Tests.Fakes;
using Presenca.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Presenca.Web.Tests.Campaigns.Drafting;

/// <summary>
/// The app pointed at <see cref="FakeOpenAiServer"/>, with prices high enough that every cost is
/// visible at four decimals (1,000 and 2,000 EUR per million tokens), 400 tokens at most per
/// draft and a 2-second deadline.
/// </summary>
public class DraftingWebFactory : PresencaWebFactory
{
    public const string Model = "gpt-4o-mini";

    private FakeOpenAiServer? _openAiToStop;

    public FakeOpenAiServer OpenAi { get; private set; } = null!;

    /// <summary>Short, for the silent provider's case.</summary>
    protected virtual string DraftTimeout => "00:00:02";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Presenca:OpenAI:BaseUrl"] = OpenAi.BaseAddress.ToString(),
        ["Presenca:OpenAI:Timeout"] = DraftTimeout,
        ["Presenca:OpenAI:MaxTokens"] = "400",
        ["Presenca:OpenAI:Currency"] = "EUR",
        ["Presenca:OpenAI:Prices:gpt-4o-mini:Input"] = "1000",
        ["Presenca:OpenAI:Prices:gpt-4o-mini:Output"] = "2000",
        ["Presenca:OpenAI:Prices:gpt-4o:Input"] = "5000",
        ["Presenca:OpenAI:Prices:gpt-4o:Output"] = "10000",
    };

    public override async Task InitializeAsync()
    {
        OpenAi = _openAiToStop = await FakeOpenAiServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Called twice (Dispose and DisposeAsync): the fake stops once.
        if (Interlocked.Exchange(ref _openAiToStop, null) is { } openAi)
        {
            await openAi.DisposeAsync();
        }
    }

    /// <summary>
    /// Removes every OpenAI connexion and draft, then gives <paramref name="caller"/>'s client (or
    /// <paramref name="clientId"/>) an active, tested connexion: gpt-4o-mini and gpt-4 allowed,
    /// gpt-4o and gpt-4o-mini offered by its last test (so only gpt-4o-mini may be chosen).
    /// </summary>
    public async Task<Guid> ResetConnexionAsync(Caller caller, Guid? clientId = null, ClientType? type = null, bool shared = false)
    {
        await Database.ExecuteAsOwnerAsync("delete from openai_generations; delete from openai_connexion;");
        var database = Services.GetRequiredService<PresencaDatabase>();
        await using var db = database.CreateContext(caller);
        var connexion = new OpenaiConnexion
        {
            OrganisationId = caller.OrganisationId!.Value,
            ClientId = clientId ?? caller.ClientId!.Value,
            ClientType = type ?? ClientType.ReseauAgence,
            ApiKey = FakeOpenAiServer.ValidApiKey,
            ModelesAutorises = [Model, "gpt-4"],
            IaExtensions = """{"modeles_disponibles":["gpt-4o","gpt-4o-mini"]}""",
            StatutConnexion = ConnexionStatus.Active,
            PartageAgences = shared,
        };
        db.OpenaiConnexions.Add(connexion);
        await db.SaveChangesAsync();
        return connexion.ConnexionId;
    }

    /// <summary>The connexion's counters, read as the owner: usage today, month cost, status, last use.</summary>
    public Task<string> CountersAsync(Guid connexionId) => Database.QueryAsOwnerAsync<string>(
        $"select coalesce(openai_usage_quotidien, 0) || '|' || coalesce(openai_cout_actuel_mois, 0) || '|' || openai_statut_connexion || '|' || (openai_derniere_synchro is not null) from openai_connexion where openai_connexion_id = '{connexionId}'");
}

/// <summary>For the browser, which watches a slow stream: a deadline no loaded machine reaches.</summary>
public sealed class SlowStreamDraftingWebFactory : DraftingWebFactory
{
    protected override string DraftTimeout => "00:01:00";
}
