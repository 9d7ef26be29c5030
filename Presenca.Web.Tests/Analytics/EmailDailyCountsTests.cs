using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Analytics;

/// <summary>The per-day counters behind the daily chart follow recipients as the pipeline moves them.</summary>
public sealed class EmailDailyCountsTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await _database.ExecuteAsOwnerAsync("""
            insert into organisations (organisation_id, organisation_nom) values ('00000000-0000-0000-0000-0000000000a0', 'Org');
            insert into agence_independante (agence_independante_id, organisation_id, agence_nom)
              values ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000a0', 'Agence');
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content, status)
              values ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000a0', '00000000-0000-0000-0000-0000000000a1', 'C', 's', 'c', 'sending');
            insert into emails_sent (organisation_id, client_id, campaign_id, recipient_email, status, created_at)
              select '00000000-0000-0000-0000-0000000000a0', '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000c1',
                     'r' || i || '@x.fr', 'pending', timestamptz '2026-03-10 23:30:00+00'
              from generate_series(1, 3) i;
            """);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<string> CountsAsync() => _database.QueryAsOwnerAsync<string>(
        "select coalesce(string_agg(day || ' ' || status || '=' || emails, ', ' order by status), '') from email_daily_counts where emails <> 0");

    [Fact]
    public async Task Recipients_count_on_their_Paris_day_and_move_with_their_status_until_the_campaign_is_deleted()
    {
        // 23:30 UTC on 10 March is 00:30 on 11 March in Paris.
        Assert.Equal("2026-03-11 pending=3", await CountsAsync());

        await _database.ExecuteAsOwnerAsync("update emails_sent set status = 'delivered' where recipient_email in ('r1@x.fr', 'r2@x.fr')");
        await _database.ExecuteAsOwnerAsync("update emails_sent set failure_reason = 'none' where recipient_email = 'r3@x.fr'");
        Assert.Equal("2026-03-11 delivered=2, 2026-03-11 pending=1", await CountsAsync());

        await _database.ExecuteAsOwnerAsync("delete from email_campaigns where id = '00000000-0000-0000-0000-0000000000c1'");
        Assert.Equal("", await CountsAsync());

        await _database.ExecuteAsOwnerAsync("delete from organisations where organisation_id = '00000000-0000-0000-0000-0000000000a0'");
        Assert.Equal(0L, await _database.QueryAsOwnerAsync<long>("select count(*) from email_daily_counts"));
    }
}
