using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Presenca.Data.Tenancy;

/// <summary>
/// Gives every statement EF runs outside a transaction a transaction of its own that carries the
/// context's caller, committed as soon as the statement is done (after its last row was read,
/// for a query), rolled back if it fails.
/// </summary>
/// <remarks>
/// Most of EF's work (queries, single-statement SaveChanges, Identity's sign-in lookups) runs
/// outside any transaction, where a transaction-local identity would already be gone. One
/// BEGIN and one COMMIT per statement is what a lone statement costs PostgreSQL anyway; the
/// caller is sent with the BEGIN, so it adds one round trip, as the per-lease setting did.
/// </remarks>
internal sealed class CallerCommandInterceptor : DbCommandInterceptor
{
    private readonly ConditionalWeakTable<DbCommand, NpgsqlTransaction> _ownTransactions = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Begin(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await BeginAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Begin(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeginAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Begin(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await BeginAsync(command, eventData, cancellationToken);
        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Commit(command);
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        await CommitAsync(command, cancellationToken);
        return result;
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Commit(command);
        return result;
    }

    public override async ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        await CommitAsync(command, cancellationToken);
        return result;
    }

    // A query's transaction ends when EF is done with its reader; the reader must be closed
    // first, since the connection cannot commit while rows are still streaming.
    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        if (!_ownTransactions.TryGetValue(command, out _))
        {
            return result;
        }

        eventData.DataReader.Close();
        Commit(command);
        return InterceptionResult.Suppress();
    }

    public override async ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        if (!_ownTransactions.TryGetValue(command, out _))
        {
            return result;
        }

        await eventData.DataReader.CloseAsync();
        await CommitAsync(command, CancellationToken.None);
        return InterceptionResult.Suppress();
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Rollback(command);

    public override async Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default) =>
        await RollbackAsync(command);

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Rollback(command);

    public override async Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default) =>
        await RollbackAsync(command);

    private void Begin(DbCommand command, CommandEventData eventData)
    {
        if (NeedsOwnTransaction(command, eventData))
        {
            var connection = (NpgsqlConnection)command.Connection!;
            var transaction = connection.BeginTransaction();
            CallerSession.Apply(connection, CallerTransactionInterceptor.CallerOf(eventData));
            Adopt(command, transaction);
        }
    }

    private async Task BeginAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (NeedsOwnTransaction(command, eventData))
        {
            var transaction = await CallerSession.BeginTransactionAsync(
                (NpgsqlConnection)command.Connection!, CallerTransactionInterceptor.CallerOf(eventData), cancellationToken);
            Adopt(command, transaction);
        }
    }

    private static bool NeedsOwnTransaction(DbCommand command, CommandEventData eventData) =>
        command.Transaction is null && eventData.Context?.Database.CurrentTransaction is null;

    private void Adopt(DbCommand command, NpgsqlTransaction transaction)
    {
        command.Transaction = transaction;
        _ownTransactions.AddOrUpdate(command, transaction);
    }

    private void Commit(DbCommand command)
    {
        if (Release(command) is { } transaction)
        {
            using (transaction)
            {
                transaction.Commit();
            }
        }
    }

    private async Task CommitAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (Release(command) is { } transaction)
        {
            await using (transaction)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
    }

    private void Rollback(DbCommand command)
    {
        if (Release(command) is { } transaction)
        {
            using (transaction)
            {
                if (transaction.Connection is not null)
                {
                    transaction.Rollback();
                }
            }
        }
    }

    private async Task RollbackAsync(DbCommand command)
    {
        if (Release(command) is { } transaction)
        {
            await using (transaction)
            {
                if (transaction.Connection is not null)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                }
            }
        }
    }

    // The command object outlives its statement (EF caches and reuses commands), so the
    // transaction is detached from it the moment it ends.
    private NpgsqlTransaction? Release(DbCommand command)
    {
        if (!_ownTransactions.TryGetValue(command, out var transaction))
        {
            return null;
        }

        _ownTransactions.Remove(command);
        command.Transaction = null;
        return transaction;
    }
}
