using Npgsql;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// Issue 12 §5: what the pipeline writes per recipient. Marking a batch "sending" touches no
/// indexed column, so with room on the page (emails_sent's fillfactor, migration 0020) it is a HOT
/// update: no new entry in any of the table's indexes, a seventh of the WAL.
/// </summary>
public sealed class BatchWriteCostTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Marking_a_prepared_batch_sending_writes_no_index_entry()
    {
        var organisation = Guid.NewGuid();
        var client = Guid.NewGuid();
        var campaign = Guid.NewGuid();
        var batch = Guid.NewGuid();
        await _database.ExecuteAsOwnerAsync($"""
            insert into organisations (organisation_id, organisation_nom) values ('{organisation}', 'Réseau');
            insert into reseaux (reseau_id, organisation_id, reseau_nom) values ('{client}', '{organisation}', 'Réseau');
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content)
              values ('{campaign}', '{organisation}', '{client}', 'Campagne', 'Sujet', '<p>Bonjour</p>');
            insert into email_batches (id, organisation_id, client_id, campaign_id, batch_no)
              values ('{batch}', '{organisation}', '{client}', '{campaign}', 1);
            insert into emails_sent (organisation_id, client_id, campaign_id, recipient_email, recipient_organization, batch_id)
              select '{organisation}', '{client}', '{campaign}', 'destinataire' || n || '@exemple.fr', 'Société ' || n, '{batch}'
              from generate_series(1, 500) n;
            """);

        await using var connection = new NpgsqlConnection(_database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var mark = new NpgsqlCommand(BatchStatements.MarkSending, connection, transaction))
        {
            mark.Parameters.Add(new NpgsqlParameter { Value = batch });
            Assert.Equal(500, await mark.ExecuteNonQueryAsync());
        }

        // This transaction's own counts, exact and immediate.
        await using var stats = new NpgsqlCommand(
            "select n_tup_upd || ',' || n_tup_hot_upd from pg_stat_xact_user_tables where relname = 'emails_sent'", connection, transaction);
        Assert.Equal("500,500", (string?)await stats.ExecuteScalarAsync());
    }
}
