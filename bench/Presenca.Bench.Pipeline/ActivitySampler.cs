using System.Globalization;
using Npgsql;

namespace Presenca.Bench.Pipeline;

/// <summary>
/// PRINT_ACTIVITY=1: what the database's sessions were doing every 50 ms of the run (as the
/// superuser, who sees every role's query), so that a gap in the progress notifications can be
/// laid beside what the senders and the preparer were waiting on. Prints one line per sample that
/// had an active session: its age into the run, then per session the start of its query, its wait
/// and how long its transaction had been open; then how long senders waited for a lock, in all
/// and at most in one stretch.
/// </summary>
internal sealed class ActivitySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(DateTimeOffset At, string Sessions)> _samples = [];
    private readonly Task _sampling;

    private ActivitySampler(string admin, string database) => _sampling = SampleAsync(admin, database);

    public static ActivitySampler? StartIfAsked(string admin, string database) =>
        Environment.GetEnvironmentVariable("PRINT_ACTIVITY") is null ? null : new ActivitySampler(admin, database);

    private async Task SampleAsync(string admin, string database)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select string_agg(
                     regexp_replace(left(query, 48), '\s+', ' ', 'g') || ' [' || coalesce(wait_event_type || ':' || wait_event, 'cpu') || ' '
                     || to_char(extract(epoch from clock_timestamp() - xact_start) * 1000, 'FM99990') || 'ms]', ' | ' order by xact_start)
            from pg_stat_activity
            where datname = $1 and state = 'active' and pid <> pg_backend_pid()
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (await command.ExecuteScalarAsync(_stop.Token) is string sessions)
                {
                    _samples.Add((DateTimeOffset.UtcNow, sessions));
                }

                await Task.Delay(50, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task PrintAsync(DateTimeOffset startedAt)
    {
        await DisposeAsync();
        var samples = _samples.Where(s => s.At >= startedAt).ToList();
        foreach (var (at, sessions) in samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"activity t={(at - startedAt).TotalSeconds:0.000} {sessions}"));
        }

        // The longest stretch in which a sender (its "sending"/"sent" update, its quota, the
        // progress flush) waited for a lock: another transaction held the campaign's counters.
        var (longest, total, since) = (TimeSpan.Zero, TimeSpan.Zero, (DateTimeOffset?)null);
        for (var i = 1; i < samples.Count; i++)
        {
            if (SenderWaitsForLock(samples[i].Sessions))
            {
                since ??= samples[i - 1].At;
                total += samples[i].At - samples[i - 1].At;
                longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (samples[i].At - since.Value).Ticks));
            }
            else
            {
                since = null;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"activity_senders_waiting_for_a_lock_seconds total={total.TotalSeconds:0.0} longest_stretch={longest.TotalSeconds:0.00}"));
    }

    private static bool SenderWaitsForLock(string sessions) =>
        sessions.Split(" | ").Any(s => s.Contains("[Lock:", StringComparison.Ordinal)
            && (s.StartsWith("update emails_sent", StringComparison.Ordinal) || s.StartsWith("select flush_campaign_progress", StringComparison.Ordinal)
                || s.StartsWith("select consume_connexion_quota", StringComparison.Ordinal)));

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _sampling;
        }
    }
}
