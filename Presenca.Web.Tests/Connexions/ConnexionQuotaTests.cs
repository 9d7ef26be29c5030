using Microsoft.EntityFrameworkCore;
using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;
using Presenca.Web.Connexions;

namespace Presenca.Web.Tests.Connexions;

public sealed class ConnexionQuotaTests : IClassFixture<ConnexionTenants>
{
    private readonly ConnexionTenants _tenants;

    public ConnexionQuotaTests(ConnexionTenants tenants) => _tenants = tenants;

    [Fact]
    public async Task Parallel_uses_never_exceed_the_daily_limit_and_each_counts_once()
    {
        var id = await CreateBrevoAsync(ConnexionTenants.ReseauA, limit: 50, shared: true);

        // 80 callers at once, half of them agency staff spending the network's shared connexion.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 80).Select(async i =>
        {
            await using var db = _tenants.Database.CreateContext(i % 2 == 0 ? ConnexionTenants.Director : ConnexionTenants.AgencyStaff);
            return await ConnexionQuota.TryConsumeAsync(db, Integration.Brevo, id);
        }));

        Assert.Equal(50, decisions.Count(d => d.IsAllowed));
        Assert.Equal(Enumerable.Range(1, 50), decisions.Where(d => d.IsAllowed).Select(d => d.UsageToday).Order());
        var refusal = decisions.First(d => !d.IsAllowed).Refusal;
        Assert.StartsWith("Limite quotidienne Brevo atteinte : 50 utilisés sur 50", refusal);
        Assert.Equal("50", Assert.Single(await _tenants.ReadColumnAsOwnerAsync($"select brevo_usage_quotidien from brevo_connexion where brevo_connexion_id = '{id}'")));
    }

    [Fact]
    public async Task Counter_restarts_once_its_reset_time_has_passed_and_next_reset_is_midnight_in_paris()
    {
        var id = await CreateBrevoAsync(ConnexionTenants.AgenceA2, limit: 10, shared: false);
        await _tenants.Test.ExecuteAsOwnerAsync(
            $"update brevo_connexion set brevo_usage_quotidien = 10, brevo_reset_quota_at = now() - interval '1 minute' where brevo_connexion_id = '{id}'");

        await using var db = _tenants.Database.CreateContext(ConnexionTenants.Director);
        var decision = await ConnexionQuota.TryConsumeAsync(db, Integration.Brevo, id, 3);

        Assert.True(decision.IsAllowed);
        Assert.Equal(3, decision.UsageToday);
        var reset = Assert.Single(await _tenants.ReadColumnAsOwnerAsync(
            $"select to_char(brevo_reset_quota_at at time zone 'Europe/Paris', 'HH24:MI:SS') || '|' || ((brevo_reset_quota_at at time zone 'Europe/Paris')::date - (now() at time zone 'Europe/Paris')::date) from brevo_connexion where brevo_connexion_id = '{id}'"));
        Assert.Equal("00:00:00|1", reset);
    }

    [Fact]
    public async Task Deactivated_connexion_is_refused_at_once()
    {
        var id = await CreateBrevoAsync(ConnexionTenants.IndependanteA, limit: null, shared: false);
        await using (var db = _tenants.Database.CreateContext(ConnexionTenants.IndependentStaff))
        {
            Assert.True((await ConnexionQuota.TryConsumeAsync(db, Integration.Brevo, id)).IsAllowed);
            var connexion = await db.BrevoConnexions.SingleAsync(c => c.ConnexionId == id);
            connexion.Actif = false;
            await db.SaveChangesAsync();
        }

        await using var after = _tenants.Database.CreateContext(ConnexionTenants.IndependentStaff);
        var decision = await ConnexionQuota.TryConsumeAsync(after, Integration.Brevo, id);
        Assert.False(decision.IsAllowed);
        Assert.Equal("La connexion Brevo est désactivée : elle ne peut plus être utilisée.", decision.Refusal);
    }

    [Fact]
    public async Task Another_organisation_cannot_spend_a_connexion_it_cannot_see()
    {
        var id = await CreateBrevoAsync(ConnexionTenants.AgenceA1, limit: null, shared: false);
        await using var db = _tenants.Database.CreateContext(ConnexionTenants.OtherDirector);
        var decision = await ConnexionQuota.TryConsumeAsync(db, Integration.Brevo, id);
        Assert.False(decision.IsAllowed);
        Assert.Equal("Connexion Brevo introuvable.", decision.Refusal);
        Assert.Equal("0", Assert.Single(await _tenants.ReadColumnAsOwnerAsync($"select brevo_usage_quotidien from brevo_connexion where brevo_connexion_id = '{id}'")));
    }

    [Fact]
    public async Task OpenAi_refuses_a_model_not_allowed_and_spending_beyond_the_monthly_budget()
    {
        Guid id;
        await using (var director = _tenants.Database.CreateContext(ConnexionTenants.Director))
        {
            var openai = new OpenaiConnexion
            {
                OrganisationId = ConnexionTenants.OrganisationA,
                ClientType = ClientType.Reseau,
                ClientId = ConnexionTenants.ReseauA,
                ModelesAutorises = ["gpt-4o-mini"],
                LimiteCoutMois = 10m,
            };
            director.OpenaiConnexions.Add(openai);
            await director.SaveChangesAsync();
            id = openai.ConnexionId;
        }

        await using var db = _tenants.Database.CreateContext(ConnexionTenants.Director);
        var wrongModel = await ConnexionQuota.TryChargeOpenAiAsync(db, id, "gpt-4", 0.5m);
        Assert.False(wrongModel.IsAllowed);
        Assert.StartsWith("Le modèle « gpt-4 » n'est pas autorisé", wrongModel.Refusal);

        Assert.True((await ConnexionQuota.TryChargeOpenAiAsync(db, id, "gpt-4o-mini", 6m)).IsAllowed);
        Assert.True((await ConnexionQuota.TryChargeOpenAiAsync(db, id, "gpt-4o-mini", 4m)).IsAllowed);
        var overBudget = await ConnexionQuota.TryChargeOpenAiAsync(db, id, "gpt-4o-mini", 0.01m);
        Assert.False(overBudget.IsAllowed);
        Assert.StartsWith("Budget mensuel OpenAI atteint : 10,00 dépensés sur 10,00", overBudget.Refusal);

        // A new month starts from zero.
        await _tenants.Test.ExecuteAsOwnerAsync($"update openai_connexion set openai_mois_cout = openai_mois_cout - interval '1 month' where openai_connexion_id = '{id}'");
        Assert.True((await ConnexionQuota.TryChargeOpenAiAsync(db, id, "gpt-4o-mini", 1m)).IsAllowed);
        Assert.Equal("1.0000", Assert.Single(await _tenants.ReadColumnAsOwnerAsync($"select openai_cout_actuel_mois from openai_connexion where openai_connexion_id = '{id}'")));
    }

    [Fact]
    public async Task Counting_usage_leaves_the_audit_trail_alone()
    {
        var id = await CreateZohoAsync();
        var before = await _tenants.ReadColumnAsOwnerAsync($"select audit_id from audit_trail where row_id = '{id}'");
        await using var db = _tenants.Database.CreateContext(ConnexionTenants.Director);
        Assert.True((await ConnexionQuota.TryConsumeAsync(db, Integration.Zoho, id, 5)).IsAllowed);
        Assert.Equal(before, await _tenants.ReadColumnAsOwnerAsync($"select audit_id from audit_trail where row_id = '{id}'"));
    }

    private async Task<Guid> CreateBrevoAsync(Guid clientId, int? limit, bool shared)
    {
        await using var db = _tenants.Database.CreateContext(clientId == ConnexionTenants.IndependanteA
            ? ConnexionTenants.IndependentStaff : ConnexionTenants.Director);
        var type = clientId == ConnexionTenants.ReseauA ? ClientType.Reseau : clientId == ConnexionTenants.IndependanteA ? ClientType.AgenceIndependante : ClientType.ReseauAgence;
        var connexion = new BrevoConnexion
        {
            OrganisationId = ConnexionTenants.OrganisationA,
            ClientType = type,
            ClientId = clientId,
            LimiteQuotidienne = limit,
            PartageAgences = shared,
        };
        db.BrevoConnexions.Add(connexion);
        await db.SaveChangesAsync();
        return connexion.ConnexionId;
    }

    private async Task<Guid> CreateZohoAsync()
    {
        await using var db = _tenants.Database.CreateContext(ConnexionTenants.Director);
        var connexion = new ZohoConnexion { OrganisationId = ConnexionTenants.OrganisationA, ClientType = ClientType.ReseauAgence, ClientId = ConnexionTenants.AgenceA1 };
        db.ZohoConnexions.Add(connexion);
        await db.SaveChangesAsync();
        return connexion.ConnexionId;
    }
}
