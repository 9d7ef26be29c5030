using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// The per-company counters behind the top organisations chart (0010) stay equal to a count of the
/// recipients themselves through inserts, status changes and deletions, on the Paris day and month.
/// </summary>
public sealed class CompanyCountersTests : IAsyncLifetime
{
    private const string Organisation = "00000000-0000-0000-0000-0000000000a0";
    private const string Agency = "00000000-0000-0000-0000-0000000000a1";
    private const string Campaign = "00000000-0000-0000-0000-0000000000c1";
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        // 22:30 UTC on 31 March is 00:30 on 1 April in Paris (summer time): day and month both move.
        await _database.ExecuteAsOwnerAsync($"""
            insert into organisations (organisation_id, organisation_nom) values ('{Organisation}', 'Org');
            insert into agence_independante (agence_independante_id, organisation_id, agence_nom) values ('{Agency}', '{Organisation}', 'Agence');
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content, status)
              values ('{Campaign}', '{Organisation}', '{Agency}', 'C', 's', 'c', 'sending');
            insert into emails_sent (organisation_id, client_id, campaign_id, recipient_email, recipient_organization, status, created_at)
            select '{Organisation}', '{Agency}', '{Campaign}', v.email, v.company, v.status, timestamptz '2026-03-31 22:30:00+00'
            from (values ('a1@x.fr', 'Alpha', 'pending'), ('a2@x.fr', 'Alpha', 'pending'), ('a3@x.fr', 'Alpha', 'delivered'),
                         ('b1@x.fr', 'Beta', 'pending'), ('n1@x.fr', null, 'pending')) v(email, company, status);
            insert into emails_sent (organisation_id, client_id, campaign_id, recipient_email, recipient_organization, status, created_at)
              values ('{Organisation}', '{Agency}', '{Campaign}', 'a4@x.fr', 'Alpha', 'sent', timestamptz '2026-03-31 12:00:00+00');
            """);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<string> DaysAsync() => _database.QueryAsOwnerAsync<string>("""
        select coalesce(string_agg(day || ' ' || recipient_organization || '=' || emails || '/' || delivered, ', ' order by day, recipient_organization), '')
        from email_organisation_daily_counts where emails <> 0 or delivered <> 0
        """);

    private Task<string> MonthsAsync() => _database.QueryAsOwnerAsync<string>("""
        select coalesce(string_agg(month || ' ' || recipient_organization || '=' || emails || '/' || delivered, ', ' order by month, recipient_organization), '')
        from email_organisation_monthly_counts where emails <> 0 or delivered <> 0
        """);

    // The counters, day and month, against a fresh count of emails_sent: any drift shows here.
    private Task<long> DriftAsync() => _database.QueryAsOwnerAsync<long>("""
        with truth as (
          select client_id, (created_at at time zone 'Europe/Paris')::date as day, recipient_organization,
                 count(*)::integer as emails, (count(*) filter (where status = 'delivered'))::integer as delivered
          from emails_sent where recipient_organization is not null group by 1, 2, 3),
        truth_months as (
          select client_id, date_trunc('month', day)::date as month, recipient_organization, sum(emails)::integer as emails, sum(delivered)::integer as delivered
          from truth group by 1, 2, 3)
        select (select count(*) from (
                  (select client_id, day, recipient_organization, emails, delivered from email_organisation_daily_counts where emails <> 0 or delivered <> 0
                   except select * from truth)
                  union all
                  (select * from truth
                   except select client_id, day, recipient_organization, emails, delivered from email_organisation_daily_counts)) d)
             + (select count(*) from (
                  (select client_id, month, recipient_organization, emails, delivered from email_organisation_monthly_counts where emails <> 0 or delivered <> 0
                   except select * from truth_months)
                  union all
                  (select * from truth_months
                   except select client_id, month, recipient_organization, emails, delivered from email_organisation_monthly_counts)) m)
        """);

    [Fact]
    public async Task Recipients_count_per_company_on_their_Paris_day_and_month_and_recipients_without_a_company_do_not()
    {
        Assert.Equal("2026-03-31 Alpha=1/0, 2026-04-01 Alpha=3/1, 2026-04-01 Beta=1/0", await DaysAsync());
        Assert.Equal("2026-03-01 Alpha=1/0, 2026-04-01 Alpha=3/1, 2026-04-01 Beta=1/0", await MonthsAsync());
        Assert.Equal(0, await DriftAsync());
    }

    [Fact]
    public async Task Status_changes_move_the_delivered_count_and_changes_that_keep_it_write_nothing()
    {
        // A row version (xmin) changes with every write: pending to sending must leave them all alone.
        const string Versions = """
            select string_agg(xmin::text, ',' order by client_id, day, recipient_organization) from email_organisation_daily_counts
            """;
        var untouched = await _database.QueryAsOwnerAsync<string>(Versions);
        await _database.ExecuteAsOwnerAsync("update emails_sent set status = 'sending' where recipient_email in ('a1@x.fr', 'b1@x.fr')");
        Assert.Equal(untouched, await _database.QueryAsOwnerAsync<string>(Versions));

        await _database.ExecuteAsOwnerAsync("update emails_sent set status = 'delivered' where recipient_email in ('a1@x.fr', 'a4@x.fr')");
        await _database.ExecuteAsOwnerAsync("update emails_sent set status = 'bounced' where recipient_email = 'a3@x.fr'");

        Assert.Equal("2026-03-31 Alpha=1/1, 2026-04-01 Alpha=3/1, 2026-04-01 Beta=1/0", await DaysAsync());
        Assert.Equal("2026-03-01 Alpha=1/1, 2026-04-01 Alpha=3/1, 2026-04-01 Beta=1/0", await MonthsAsync());
        Assert.Equal(0, await DriftAsync());
    }

    [Fact]
    public async Task Deleting_recipients_a_campaign_or_the_whole_organisation_takes_their_counts_away()
    {
        await _database.ExecuteAsOwnerAsync("delete from emails_sent where recipient_email in ('a3@x.fr', 'n1@x.fr')");
        Assert.Equal("2026-03-31 Alpha=1/0, 2026-04-01 Alpha=2/0, 2026-04-01 Beta=1/0", await DaysAsync());
        Assert.Equal(0, await DriftAsync());

        await _database.ExecuteAsOwnerAsync($"delete from email_campaigns where id = '{Campaign}'");
        Assert.Equal("", await DaysAsync());
        Assert.Equal("", await MonthsAsync());

        await _database.ExecuteAsOwnerAsync($"delete from organisations where organisation_id = '{Organisation}'");
        Assert.Equal(0L, await _database.QueryAsOwnerAsync<long>(
            "select (select count(*) from email_organisation_daily_counts) + (select count(*) from email_organisation_monthly_counts)"));
    }
}
