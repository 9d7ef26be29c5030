using System.Text.Json;
using Npgsql;
using Presenca.Data.Tenancy;
using Presenca.Web.Contacts;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

/// <summary>
/// The import's duplicate check against existing contacts costs the rows it checks, not the
/// tenant (issue 12 §2): each slice of staged rows probes the address index, where a join read all
/// of the tenant's contacts once per slice (9.6 s for 100,000 rows into a tenant of 100,000).
/// </summary>
public sealed class ContactImportPlanTests : IAsyncLifetime
{
    private const int TenantContacts = 20_000;
    private const int StagedRows = 4_000;
    private static readonly Guid Organisation = Guid.Parse("00000000-0000-0000-0000-0000000012a0");
    private static readonly Guid Agency = Guid.Parse("00000000-0000-0000-0000-0000000012a1");
    private static readonly Guid OtherAgency = Guid.Parse("00000000-0000-0000-0000-0000000012a2");
    private static readonly Caller Staff = new(Guid.Parse("00000000-0000-0000-0000-0000000012a3"), Organisation, Agency, UserRole.CollaborateurAgence);
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        // The agency's contacts, a few stored in punycode (before domains were kept in Unicode),
        // and another agency of the same organisation holding addresses the file also has.
        await _database.ExecuteAsOwnerAsync($"""
            insert into organisations (organisation_id, organisation_nom) values ('{Organisation}', 'Org');
            insert into agence_independante (agence_independante_id, organisation_id, agence_nom)
              values ('{Agency}', '{Organisation}', 'Agence'), ('{OtherAgency}', '{Organisation}', 'Autre agence');
            insert into contacts (organisation_id, client_id, email)
              select '{Organisation}', '{Agency}', 'existant' || g || '@deja-la.fr' from generate_series(1, {TenantContacts}) g;
            insert into contacts (organisation_id, client_id, email)
              select '{Organisation}', '{Agency}', 'ancien' || g || '@xn--mller-kva.de' from generate_series(1, 100) g;
            insert into contacts (organisation_id, client_id, email)
              select '{Organisation}', '{OtherAgency}', 'nouveau' || g || '@ailleurs.fr' from generate_series(1, {StagedRows}) g;
            analyze contacts;
            """);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_slice_of_the_duplicate_check_reads_about_one_contact_per_row_checked_whatever_the_tenant_holds()
    {
        await using var connection = await _database.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await CallerSession.BeginTransactionAsync(connection, Staff, CancellationToken.None);
        await StageAsync(connection);

        // A first slice as the importer sizes it, then the floor's one statement over all the rows.
        const int Low = 1_001, High = 3_001;
        foreach (var (low, high) in new[] { (Low, High), (int.MinValue, int.MaxValue) })
        {
            foreach (var statement in new[] { ContactImportSql.ExistingByEmail, ContactImportSql.ExistingByAsciiEmail })
            {
                var plan = await ExplainAsync(connection, statement.Sql, low, high);
                var checkedRows = Math.Min(high, StagedRows + 1) - Math.Max(low, 1);
                Assert.True(ContactsRead(plan.RootElement) <= checkedRows, $"{statement.Name} [{low}, {high}) read {ContactsRead(plan.RootElement)} contacts of the tenant's {TenantContacts}: {plan.RootElement}");
            }

            if (low == Low)
            {
                // Every 10th row is an existing address, in another case or (every 50th) in the
                // Unicode spelling of a punycode one: those of the slice only, none of the other agency's.
                Assert.Equal((High - Low) / 10, await ScalarAsync(connection, "select count(*) from contact_import_rows where kind = 'doublon_existant'"));
                Assert.Equal(0, await ScalarAsync(connection, $"select count(*) from contact_import_rows where kind = 'doublon_existant' and (row_number < {Low} or row_number >= {High})"));
            }
        }

        Assert.Equal(StagedRows / 10, await ScalarAsync(connection, "select count(*) from contact_import_rows where kind = 'doublon_existant'"));
        Assert.Equal(StagedRows / 50, await ScalarAsync(connection, "select count(*) from contact_import_rows where reason = 'Déjà dans vos contacts'"));
    }

    // The file's rows as the importer stages them: its table, its index and statistics. Rows not
    // marked are new addresses that the other agency happens to hold.
    private static async Task StageAsync(NpgsqlConnection connection)
    {
        await ContactImportSql.ExecuteAsync(connection, ContactImportSql.CreateStagingTable, CancellationToken.None);
        await ContactImportSql.ExecuteAsync(connection, $"""
            insert into {ContactImportSql.StagingColumns}
            select g, 'Société', 'société',
                   case when g % 50 = 0 then 'ancien' || (g / 50) || '@müller.de'
                        when g % 10 = 0 then 'Existant' || (g * 3) || '@Deja-La.FR'
                        else 'nouveau' || g || '@ailleurs.fr' end,
                   null, null,
                   case when g % 50 = 0 then 'ancien' || (g / 50) || '@xn--mller-kva.de' end,
                   null
            from generate_series(1, {StagedRows}) g
            """, CancellationToken.None);
        await ContactImportSql.ExecuteAsync(connection, ContactImportSql.IndexStagedRows, CancellationToken.None);
        await ContactImportSql.ExecuteAsync(connection, ContactImportSql.AnalyzeStagedRows, CancellationToken.None);
    }

    // Run, as the import runs it (the app's connection: row-level security on, JIT off).
    private static async Task<JsonDocument> ExplainAsync(NpgsqlConnection connection, string sql, int low, int high)
    {
        await using var explain = new NpgsqlCommand("explain (analyze, format json) " + sql, connection);
        foreach (var value in new object[] { Organisation, Agency, Guid.NewGuid(), low, high })
        {
            explain.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // Rows of contacts the plan's scans looked at (returned or filtered out), over all their loops.
    private static double ContactsRead(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Sum(ContactsRead),
        JsonValueKind.Object =>
            (element.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "contacts"
                ? (element.GetProperty("Actual Rows").GetDouble() + Removed(element)) * element.GetProperty("Actual Loops").GetDouble()
                : 0)
            + element.EnumerateObject().Where(p => p.Name is "Plan" or "Plans").Sum(p => ContactsRead(p.Value)),
        _ => 0,
    };

    // EXPLAIN gives these per loop, like Actual Rows.
    private static double Removed(JsonElement scan) =>
        (scan.TryGetProperty("Rows Removed by Filter", out var filtered) ? filtered.GetDouble() : 0)
        + (scan.TryGetProperty("Rows Removed by Index Recheck", out var rechecked) ? rechecked.GetDouble() : 0);
}
