using Microsoft.EntityFrameworkCore;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Tenancy;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>
/// The caller is written into transaction-local settings of a pooled connection: the next lease
/// of the same physical connection, for someone else, must start with none of it.
/// </summary>
public sealed class PooledConnectionIdentityTests : TwoTenantsDatabaseTests
{
    private PresencaDatabase _onePhysicalConnection = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _onePhysicalConnection = new PresencaDatabase(
            new NpgsqlConnectionStringBuilder(Database.AppConnectionString) { MaxPoolSize = 1, MinPoolSize = 1 }.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await _onePhysicalConnection.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_next_request_on_the_same_physical_connection_does_not_inherit_the_previous_identity()
    {
        var (pidA, userA, reseauxA) = await AsAsync(Tenants.A.Directeur);
        var (pidAnonymous, userAnonymous, reseauxAnonymous) = await AsAsync(Caller.Anonymous);
        var (pidB, userB, reseauxB) = await AsAsync(Tenants.B.Directeur);

        Assert.Equal(pidA, pidAnonymous);
        Assert.Equal(pidA, pidB);
        Assert.Equal(Tenants.A.DirecteurId.ToString(), userA);
        Assert.Equal(1, reseauxA);
        Assert.Equal("", userAnonymous);
        Assert.Equal(0, reseauxAnonymous);
        Assert.Equal(Tenants.B.DirecteurId.ToString(), userB);
        Assert.Equal(1, reseauxB);
    }

    [Fact]
    public async Task Raw_work_on_the_pool_after_an_EF_lease_sees_no_identity()
    {
        var (pidA, _, _) = await AsAsync(Tenants.A.Directeur);

        await using var raw = await _onePhysicalConnection.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "select pg_backend_pid(), coalesce(current_setting('presenca.organisation_id', true), ''), (select count(*) from organisations)", raw);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(pidA, reader.GetInt32(0));
        Assert.Equal("", reader.GetString(1));
        Assert.Equal(0, reader.GetInt64(2));
    }

    [Fact]
    public async Task A_connection_closed_behind_EF_back_still_returns_to_the_pool_without_identity()
    {
        int pid;
        await using (var db = _onePhysicalConnection.CreateContext(Tenants.A.Directeur))
        {
            await db.Database.OpenConnectionAsync();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            pid = connection.ProcessID;
            // Raw work that closes the connection itself: the interceptor never sees it close.
            await connection.CloseAsync();
        }

        await using var raw = await _onePhysicalConnection.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select pg_backend_pid(), coalesce(current_setting('presenca.user_id', true), '')", raw);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(pid, reader.GetInt32(0));
        Assert.Equal("", reader.GetString(1));
    }

    [Fact]
    public async Task The_identity_lives_only_as_long_as_the_transaction_that_carries_it()
    {
        await using var db = _onePhysicalConnection.CreateContext(Tenants.A.Directeur);
        await db.Database.OpenConnectionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        var seenByEf = await db.Database.SqlQueryRaw<string>("select coalesce(current_setting('presenca.user_id', true), '') as \"Value\"").SingleAsync();
        var betweenStatements = await RawIdentityAsync(connection);
        (string User, long Reseaux) inTransaction;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            inTransaction = await RawIdentityAsync(connection);
            await transaction.CommitAsync();
        }

        var afterCommit = await RawIdentityAsync(connection);

        Assert.Equal(Tenants.A.DirecteurId.ToString(), seenByEf);
        Assert.Equal(("", 0L), betweenStatements);
        Assert.Equal((Tenants.A.DirecteurId.ToString(), 1L), inTransaction);
        Assert.Equal(("", 0L), afterCommit);
    }

    [Fact]
    public async Task A_failed_statement_leaves_the_context_usable_with_its_identity()
    {
        await using var db = _onePhysicalConnection.CreateContext(Tenants.A.Directeur);

        await Assert.ThrowsAsync<PostgresException>(() => db.Database.SqlQueryRaw<int>("select 1 / 0 as \"Value\"").ToListAsync());
        var reseaux = await db.Reseaux.CountAsync();

        Assert.Equal(1, reseaux);
    }

    private static async Task<(string User, long Reseaux)> RawIdentityAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("select coalesce(current_setting('presenca.user_id', true), ''), (select count(*) from reseaux)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetInt64(1));
    }

    // One "request": a context of its own, opened and disposed like the web app does.
    private async Task<(int Pid, string UserSetting, int Reseaux)> AsAsync(Caller caller)
    {
        await using var db = _onePhysicalConnection.CreateContext(caller);
        var pid = await db.Database.SqlQueryRaw<int>("select pg_backend_pid() as \"Value\"").SingleAsync();
        var user = await db.Database.SqlQueryRaw<string>("select coalesce(current_setting('presenca.user_id', true), '') as \"Value\"").SingleAsync();
        var reseaux = await db.Database.SqlQueryRaw<int>("select count(*)::int as \"Value\" from reseaux").SingleAsync();
        return (pid, user, reseaux);
    }
}
