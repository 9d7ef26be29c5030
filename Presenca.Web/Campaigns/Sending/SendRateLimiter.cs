using Npgsql;
using NpgsqlTypes;

namespace Presenca.Web.Campaigns.Sending;

/// <summary>A reserved moment to start one call, on the database's clock.</summary>
/// <param name="SlotAt">When the call may start.</param>
/// <param name="DatabaseNow">The database's clock when the slot was reserved.</param>
public readonly record struct RateSlot(DateTimeOffset SlotAt, DateTimeOffset DatabaseNow)
{
    public TimeSpan Wait => SlotAt > DatabaseNow ? SlotAt - DatabaseNow : TimeSpan.Zero;
}

/// <summary>
/// Limits calls to a provider (Brevo: about 100 batch calls per minute per account) across every
/// worker of every instance, by reserving evenly spaced slots in PostgreSQL
/// (<c>send_rate_limits</c>, migration 0006).
/// </summary>
/// <remarks>
/// Why PostgreSQL: workers run in the web process and in any number of extra instances, and the
/// database is the one thing they all share; an in-memory limiter per process would multiply the
/// rate by the number of processes. Why slots rather than a token bucket: one atomic upsert both
/// reads and advances the schedule, so there is no read-then-write race and no lock held while
/// waiting; the caller sleeps outside any transaction. Waits are computed on the database's
/// clock (returned with the slot), so clock skew between machines does not matter.
/// A slot reserved and then not used (the worker was cancelled) is simply lost: the limiter
/// errs towards sending slower, never faster.
/// </remarks>
public sealed class SendRateLimiter(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Brevo's ceiling for batch calls on the general plan.</summary>
    public const int DefaultCallsPerMinute = 100;

    // Insert the first slot "now", or move an existing schedule forward; never backwards, and an
    // idle limiter does not bank slots (greatest(..., clock_timestamp())).
    private const string ReserveSql = """
        insert into send_rate_limits as l (limiter_key, next_slot_at)
        values ($1, clock_timestamp() + $2)
        on conflict (limiter_key) do update
          set next_slot_at = greatest(l.next_slot_at, clock_timestamp()) + $2
        returning l.next_slot_at - $2, clock_timestamp()
        """;

    public static TimeSpan IntervalFor(int callsPerMinute) =>
        callsPerMinute > 0
            ? TimeSpan.FromMinutes(1) / callsPerMinute
            : throw new ArgumentOutOfRangeException(nameof(callsPerMinute), callsPerMinute, "Le débit doit être positif.");

    /// <summary>Reserves the next slot of <paramref name="limiterKey"/> without waiting for it.</summary>
    public async Task<RateSlot> ReserveAsync(string limiterKey, int callsPerMinute, CancellationToken cancellationToken)
    {
        var interval = IntervalFor(callsPerMinute);
        await using var command = dataSource.CreateCommand(ReserveSql);
        command.Parameters.Add(new NpgsqlParameter { Value = limiterKey });
        command.Parameters.Add(new NpgsqlParameter { Value = interval, NpgsqlDbType = NpgsqlDbType.Interval });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RateSlot(reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>Reserves the next slot and waits until it comes; call right before each send.</summary>
    public async Task WaitForSlotAsync(string limiterKey, int callsPerMinute, CancellationToken cancellationToken)
    {
        var slot = await ReserveAsync(limiterKey, callsPerMinute, cancellationToken);
        if (slot.Wait > TimeSpan.Zero)
        {
            await Task.Delay(slot.Wait, timeProvider, cancellationToken);
        }
    }
}
