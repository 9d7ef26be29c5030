using Npgsql;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// A batch's "sent" is recorded even when PostgreSQL ends its transaction as a deadlock's victim
/// (a sender and the events' applier updating the same rows and counters at once): the work is run
/// again at once. Without it, the batch waited two minutes for its lease before being recorded.
/// </summary>
public sealed class PipelineDeadlockRetryTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Work_chosen_as_a_deadlock_victim_is_run_again_and_both_sides_are_kept()
    {
        await _database.ExecuteAsOwnerAsync("""
            create table deadlock_probe (id int primary key, n int not null);
            insert into deadlock_probe values (1, 0), (2, 0);
            grant select, update on deadlock_probe to presenca_app;
            """);
        // The other side waits long before looking for a deadlock: the pipeline's side, on the
        // default second, is the one PostgreSQL ends.
        await using var other = new NpgsqlConnection(TestPostgres.ForDatabase(TestPostgres.Admin, _database.Name));
        await other.OpenAsync();
        await using (var patience = new NpgsqlCommand("set deadlock_timeout = '60s'", other))
        {
            await patience.ExecuteNonQueryAsync();
        }

        await using var otherTransaction = await other.BeginTransactionAsync();
        await Execute(other, "update deadlock_probe set n = n + 10 where id = 2");

        var attempts = 0;
        var holdsRowOne = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = PipelineTransaction.RunAsync(_database.Database, async db =>
        {
            attempts++;
            await db.ExecuteAsync("update deadlock_probe set n = n + 1 where id = 1", CancellationToken.None);
            holdsRowOne.TrySetResult();
            await db.ExecuteAsync("update deadlock_probe set n = n + 1 where id = 2", CancellationToken.None);
        }, CancellationToken.None);

        await holdsRowOne.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.UntilAsync(
            async () => await Scalar(other, "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") == 1,
            "the pipeline's update waiting for row 2");
        // Closes the cycle: row 1 is the pipeline's, row 2 is ours.
        await Execute(other, "update deadlock_probe set n = n + 10 where id = 1");
        await otherTransaction.CommitAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, attempts);
        Assert.Equal(22, await _database.QueryAsOwnerAsync<long>("select sum(n) from deadlock_probe"));
    }

    // As the superuser: other roles' wait events are hidden from the owner.
    private static async Task<long> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
