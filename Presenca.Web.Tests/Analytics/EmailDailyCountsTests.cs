using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// The per-day counters behind the daily chart (by the day recipients were queued) and behind
/// Aperçu's "sent today" (by the day they were sent) follow recipients as the pipeline moves them.
/// </summary>
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

    private Task<string> SentCountsAsync() => _database.QueryAsOwnerAsync<string>(
        "select coalesce(string_agg(day || '=' || emails, ', ' order by day), '') from email_daily_sent_counts where emails <> 0");

    [Fact]
    public async Task Sent_recipients_count_on_the_Paris_day_they_were_sent_and_go_with_them()
    {
        Assert.Equal("", await SentCountsAsync());

        // 22:30 UTC on 11 March is 23:30 in Paris; 23:10 UTC is already 12 March there.
        await _database.ExecuteAsOwnerAsync("update emails_sent set status = 'sent', sent_at = timestamptz '2026-03-11 22:30:00+00' where recipient_email in ('r1@x.fr', 'r2@x.fr')");
        await _database.ExecuteAsOwnerAsync("update emails_sent set status = 'sent', sent_at = timestamptz '2026-03-11 23:10:00+00' where recipient_email = 'r3@x.fr'");
        Assert.Equal("2026-03-11=2, 2026-03-12=1", await SentCountsAsync());

        // Events move the status and leave sent_at alone; a correction of sent_at moves its day.
        await _database.ExecuteAsOwnerAsync("update emails_sent set status = 'delivered' where recipient_email = 'r1@x.fr'");
        await _database.ExecuteAsOwnerAsync("update emails_sent set sent_at = sent_at + interval '1 hour' where recipient_email = 'r2@x.fr'");
        Assert.Equal("2026-03-11=1, 2026-03-12=2", await SentCountsAsync());

        await _database.ExecuteAsOwnerAsync("delete from emails_sent where recipient_email = 'r3@x.fr'");
        Assert.Equal("2026-03-11=1, 2026-03-12=1", await SentCountsAsync());

        await _database.ExecuteAsOwnerAsync("delete from organisations where organisation_id = '00000000-0000-0000-0000-0000000000a0'");
        Assert.Equal(0L, await _database.QueryAsOwnerAsync<long>("select count(*) from email_daily_sent_counts"));
    }
}
