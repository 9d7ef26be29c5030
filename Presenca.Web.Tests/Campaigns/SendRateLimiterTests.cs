using Npgsql;
using Presenca.Web.Campaigns.Sending;
using Presenca.Web.Tests.Fakes;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>
/// The shared limiter in PostgreSQL. Spacing is asserted on the slots the database hands out,
/// not on wall-clock timing (accuracy is measured by the benchmark).
/// </summary>
public sealed class SendRateLimiterTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Concurrent_callers_of_two_processes_never_get_two_slots_closer_than_the_interval()
    {
        // Two data sources stand for two worker processes with their own connection pools.
        await using var first = NpgsqlDataSource.Create(_database.AppConnectionString);
        await using var second = NpgsqlDataSource.Create(_database.AppConnectionString);
        var limiters = new[] { new SendRateLimiter(first, TimeProvider.System), new SendRateLimiter(second, TimeProvider.System) };
        const int callsPerMinute = 600;

        var slots = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => limiters[i % 2].ReserveAsync("brevo:connexion-a", callsPerMinute, CancellationToken.None))));

        var ordered = slots.Select(s => s.SlotAt).Order().ToList();
        var interval = SendRateLimiter.IntervalFor(callsPerMinute);
        Assert.Equal(40, ordered.Distinct().Count());
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.Second - pair.First >= interval, $"{pair.First:O} then {pair.Second:O}"));
    }

    [Fact]
    public async Task Each_Brevo_account_has_its_own_schedule()
    {
        var limiter = new SendRateLimiter(_database.Database.DataSource, TimeProvider.System);
        for (var i = 0; i < 5; i++)
        {
            await limiter.ReserveAsync("brevo:busy", 1, CancellationToken.None);
        }

        var other = await limiter.ReserveAsync("brevo:quiet", 1, CancellationToken.None);

        Assert.Equal(TimeSpan.Zero, other.Wait);
    }

    [Fact]
    public async Task An_idle_limiter_does_not_bank_slots_for_a_burst_later()
    {
        var limiter = new SendRateLimiter(_database.Database.DataSource, TimeProvider.System);
        await limiter.ReserveAsync("brevo:idle", 60, CancellationToken.None);
        await _database.ExecuteAsOwnerAsync("update send_rate_limits set next_slot_at = now() - interval '1 hour' where limiter_key = 'brevo:idle'");

        var now = await limiter.ReserveAsync("brevo:idle", 60, CancellationToken.None);
        var next = await limiter.ReserveAsync("brevo:idle", 60, CancellationToken.None);

        Assert.Equal(TimeSpan.Zero, now.Wait);
        Assert.Equal(TimeSpan.FromSeconds(1), next.SlotAt - now.SlotAt);
        Assert.True(next.Wait > TimeSpan.Zero);
    }

    [Fact]
    public async Task The_app_role_can_reserve_slots_but_not_delete_a_limiter()
    {
        var limiter = new SendRateLimiter(_database.Database.DataSource, TimeProvider.System);
        await limiter.ReserveAsync("brevo:kept", 100, CancellationToken.None);

        await using var command = _database.Database.DataSource.CreateCommand("delete from send_rate_limits");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task A_caller_waits_for_its_slot_and_only_when_the_slot_is_ahead()
    {
        var clock = new RecordingTimeProvider(DateTimeOffset.UtcNow);
        var limiter = new SendRateLimiter(_database.Database.DataSource, clock);

        await limiter.WaitForSlotAsync("brevo:waiting", 60, CancellationToken.None);
        await limiter.WaitForSlotAsync("brevo:waiting", 60, CancellationToken.None);

        var delay = Assert.Single(clock.RequestedDelays);
        Assert.InRange(delay, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_rate_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SendRateLimiter.IntervalFor(0));
        Assert.Equal(TimeSpan.FromMilliseconds(600), SendRateLimiter.IntervalFor(SendRateLimiter.DefaultCallsPerMinute));
    }
}
