using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Tenancy;
using Presenca.Web.Contacts;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

/// <summary>
/// The list's slow orders of issue 11 (grid paging): the company order walks indexes in its
/// order instead of sorting the tenant, a search reads each kind of match from its own index;
/// and the company order's keyset pages give every contact once, in the order, both ways; the
/// pages of a search look its companies up once (no index serves that lookup under row-level security).
/// </summary>
public sealed class ContactsListPlanTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    // PostgreSQL's cost of a plan step it was told not to take (disable_cost).
    private const double Disabled = 1e9;

    [Fact]
    public async Task The_company_order_needs_no_sort_of_the_tenant_and_pages_through_every_contact_both_ways()
    {
        var caller = await DemoCallers.OfAsync(factory, DemoAccounts.Collaborateur.Email, UserRole.CollaborateurAgence);
        var query = new ContactListQuery(null, null, "organisation");
        var expected = await ExpectedOrderAsync();

        var forward = new List<ContactRow>();
        ContactPage? page = null;
        do
        {
            var start = page is null ? null : new ContactPageStart(page.Rows[^1], Backward: false);
            page = await ReadAsync(caller, db => query.PageAsync(db, start));
            forward.AddRange(page.Rows);
        }
        while (page.HasNext);

        var backward = new List<ContactRow>(page.Rows);
        while (page.HasPrevious)
        {
            var start = new ContactPageStart(page.Rows[0], Backward: true);
            page = await ReadAsync(caller, db => query.PageAsync(db, start));
            backward.InsertRange(0, page.Rows);
        }

        Assert.True(expected.Count > 2 * ContactListQuery.PageSize, $"{expected.Count} contacts: too few to page");
        Assert.Equal(expected, forward.Select(r => r.Id).ToList());
        Assert.Equal(expected, backward.Select(r => r.Id).ToList());
        Assert.Contains(forward, r => r.OrganizationId is null);

        // Page 1, a page inside a company, the pages either side of the step to the contacts
        // without a company: each statement is planned without a sort step (a sort is always
        // possible; disabled, it costs more than any index walk) and reads about a page of
        // contacts, not the tenant's (a window over every contact needs no sort step either).
        var middle = forward[expected.Count / 2];
        var lastWithCompany = forward.Last(r => r.OrganizationId is not null);
        foreach (var start in new ContactPageStart?[] { null, new(middle, false), new(middle, true), new(lastWithCompany, false), new(forward[^1], true) })
        {
            foreach (var plan in await PlansAsync(caller, db => query.PageAsync(db, start)))
            {
                Assert.True(plan.RootElement[0].GetProperty("Plan").GetProperty("Total Cost").GetDouble() < Disabled, $"sorted: {plan.RootElement}");
                Assert.True(ContactsRead(plan.RootElement) <= 3 * (ContactListQuery.PageSize + 1), $"read the tenant: {plan.RootElement}");
            }
        }
    }

    [Fact]
    public async Task A_search_reads_the_addresses_it_matches_from_the_address_index()
    {
        var caller = await DemoCallers.OfAsync(factory, DemoAccounts.Collaborateur.Email, UserRole.CollaborateurAgence);
        var query = new ContactListQuery("zoe", null, null);

        var plans = await PlansAsync(caller, db => query.PageAsync(db, null));
        var page = await ReadAsync(caller, db => query.PageAsync(db, null));

        // OR-ed with the domain and the company, the address range was only a filter over a walk of
        // the whole address index from its start.
        Assert.Contains(plans, p => IndexConditions(p.RootElement).Any(c => c.Contains("email_lower >=", StringComparison.Ordinal)));
        Assert.NotEmpty(page.Rows);
        Assert.All(page.Rows, r => Assert.StartsWith("zoe", r.EmailLower));
        Assert.Equal(page.Rows.OrderBy(r => r.EmailLower, StringComparer.Ordinal).ThenBy(r => r.Id), page.Rows);
    }

    // The company order: the company's name, the company, the address; contacts without one last.
    [Fact]
    public async Task The_pages_and_count_of_a_search_look_its_companies_up_once_and_another_search_never_reuses_them()
    {
        await factory.Database.ExecuteAsOwnerAsync($"""
            with nord as (select organisation_id, client_id from clients where client_nom = '{DemoAccounts.AgenceNordNom}'),
            companies as (
              insert into contact_organizations (organisation_id, client_id, name, name_key)
              select organisation_id, client_id, name, lower(name) from nord, (values ('Fromagerie Zéphyr'), ('Cave Ybris')) v(name)
              returning id, organisation_id, client_id, name)
            insert into contacts (organisation_id, client_id, email, organization_id, organization_name)
            select c.organisation_id, c.client_id, 'client' || n || '.' || left(lower(c.name), 4) || '@commerces-recherche.fr', c.id, c.name
            from companies c, generate_series(1, 120) n where c.name like 'Fromagerie%' or n <= 3
            """);
        var caller = await DemoCallers.OfAsync(factory, DemoAccounts.Collaborateur.Email, UserRole.CollaborateurAgence);
        using var lookups = SqlCommandLog.WithParameter("%zéphyr%");

        var query = await ReadAsync(caller, db => new ContactListQuery("zéphyr", null, null).ResolveAsync(db));
        var first = await ReadAsync(caller, db => query.PageAsync(db, null));
        var second = await ReadAsync(caller, db => query.PageAsync(db, new ContactPageStart(first.Rows[^1], Backward: false)));
        var (total, _) = await ReadAsync(caller, db => ContactsView.CountAsync(db, query, CancellationToken.None));

        Assert.Equal(1, lookups.Count);
        Assert.Equal(120, total);
        Assert.Equal(120, first.Rows.Concat(second.Rows).Concat((await ReadAsync(caller, db =>
            query.PageAsync(db, new ContactPageStart(second.Rows[^1], Backward: false)))).Rows).Select(r => r.Id).Distinct().Count());
        Assert.All(first.Rows, r => Assert.Equal("Fromagerie Zéphyr", r.OrganizationName));

        var other = await ReadAsync(caller, db => (query with { Search = "ybris" }).PageAsync(db, null));
        Assert.Equal(3, other.Rows.Count);
        Assert.All(other.Rows, r => Assert.Equal("Cave Ybris", r.OrganizationName));

        await ReadAsync(caller, db => query.ResolveAsync(db, again: true));
        Assert.Equal(2, lookups.Count);
    }

    private Task<List<Guid>> ExpectedOrderAsync() =>
        QueryListAsOwnerAsync($"""
            select c.id from contacts c
            join clients k on k.client_id = c.client_id
            left join contact_organizations o on o.id = c.organization_id
            where k.client_nom = '{DemoAccounts.AgenceNordNom}'
            order by c.organization_id is null, o.name, c.organization_id, c.email_lower, c.id
            """);

    private async Task<List<Guid>> QueryListAsOwnerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(factory.Database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task<T> ReadAsync<T>(Caller caller, Func<PresencaDbContext, Task<T>> read)
    {
        await using var db = factory.Database.Database.CreateContext(caller);
        return await read(db);
    }

    // The statements the list sends, as the app with the caller's identity (query filter and
    // row-level security), planned with sequential scans and sort steps disabled, and run.
    private async Task<List<JsonDocument>> PlansAsync(Caller caller, Func<PresencaDbContext, Task> read)
    {
        await using var db = factory.Database.Database.CreateContext(caller);
        await using var transaction = await db.Database.BeginTransactionAsync();
        List<(string Text, NpgsqlParameter[] Parameters)> statements;
        using (var capture = new CommandCapture(db))
        {
            await read(db);
            statements = capture.Commands;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var settings = new NpgsqlCommand("set local enable_seqscan = off; set local enable_sort = off", connection))
        {
            await settings.ExecuteNonQueryAsync();
        }

        var plans = new List<JsonDocument>();
        foreach (var (text, parameters) in statements)
        {
            await using var explain = new NpgsqlCommand("explain (analyze, format json) " + text, connection);
            explain.Parameters.AddRange(parameters);
            plans.Add(JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!));
        }

        Assert.NotEmpty(plans);
        return plans;
    }

    // Rows that the plan's scans of contacts returned, over all their loops.
    private static double ContactsRead(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Sum(ContactsRead),
        JsonValueKind.Object =>
            (element.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "contacts"
                ? element.GetProperty("Actual Rows").GetDouble() * element.GetProperty("Actual Loops").GetDouble()
                : 0)
            + element.EnumerateObject().Where(p => p.Name is "Plan" or "Plans").Sum(p => ContactsRead(p.Value)),
        _ => 0,
    };

    private static IEnumerable<string> IndexConditions(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().SelectMany(IndexConditions),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "Index Cond" ? [p.Value.GetString() ?? ""] : IndexConditions(p.Value)),
        _ => [],
    };

    /// <summary>The SELECTs one DbContext sends while this is alive.</summary>
    private sealed class CommandCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly DbContext _context;
        private readonly List<IDisposable> _subscriptions = [];

        public CommandCapture(DbContext context)
        {
            _context = context;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public List<(string Text, NpgsqlParameter[] Parameters)> Commands { get; } = [];

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this, name => name == RelationalEventId.CommandExecuting.Name));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value is CommandEventData { Command: DbCommand command } data && ReferenceEquals(data.Context, _context)
                && command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                lock (Commands)
                {
                    Commands.Add((command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
                }
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
