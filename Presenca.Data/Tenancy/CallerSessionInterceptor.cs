using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Presenca.Data.Tenancy;

/// <summary>
/// Hands the context's caller to PostgreSQL each time EF opens a connection, and wipes it before
/// the connection returns to the pool, so the next lease of that physical connection starts with
/// no identity (row-level security then shows nothing).
/// </summary>
internal sealed class CallerSessionInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (eventData.Context is PresencaDbContext context)
        {
            CallerSession.Apply((NpgsqlConnection)connection, context.Callers.Current);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PresencaDbContext context)
        {
            await CallerSession.ApplyAsync((NpgsqlConnection)connection, context.Callers.Current, cancellationToken);
        }
    }

    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            CallerSession.Apply((NpgsqlConnection)connection, Caller.Anonymous);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            await CallerSession.ApplyAsync((NpgsqlConnection)connection, Caller.Anonymous, CancellationToken.None);
        }

        return result;
    }
}
