using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Presenca.Data.Tenancy;

/// <summary>
/// Sets the context's caller at the start of every transaction EF begins or is handed
/// (<c>Database.BeginTransaction</c>, SaveChanges' own, <c>UseTransaction</c>), so everything that
/// runs inside it, EF's statements and raw Npgsql work alike, carries the identity.
/// </summary>
internal sealed class CallerTransactionInterceptor : DbTransactionInterceptor
{
    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        CallerSession.Apply((NpgsqlConnection)connection, CallerOf(eventData));
        return result;
    }

    public override async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        await CallerSession.ApplyAsync((NpgsqlConnection)connection, CallerOf(eventData), cancellationToken);
        return result;
    }

    public override DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result)
    {
        CallerSession.Apply((NpgsqlConnection)connection, CallerOf(eventData));
        return result;
    }

    public override async ValueTask<DbTransaction> TransactionUsedAsync(DbConnection connection, TransactionEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        await CallerSession.ApplyAsync((NpgsqlConnection)connection, CallerOf(eventData), cancellationToken);
        return result;
    }

    internal static Caller CallerOf(DbContextEventData eventData) =>
        eventData.Context is PresencaDbContext context ? context.Callers.Current : Caller.Anonymous;
}
