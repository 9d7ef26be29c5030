using System.Diagnostics;
using Npgsql;

namespace Presenca.Web.Contacts;

/// <summary>
/// The SQL half of an import: the staging table the rows are copied into, then the set-based
/// statements that turn staged rows into companies, contacts and report lines. Shared with the
/// benchmark, which times this alone as the floor an import cannot beat.
/// </summary>
/// <remarks>
/// Each statement runs over slices of the staged rows sized to last about <see cref="SliceTarget"/>,
/// all inside the import's one transaction (still all or nothing), so that progress can be reported
/// between slices: one statement over 100,000 rows left the bar standing still for seconds.
/// </remarks>
public static class ContactImportSql
{
    public const string CreateStagingTable = """
        create temp table contact_import_rows (
          row_number int not null, organization_name text not null, organization_key text not null,
          email text not null, kind text, reason text, email_ascii text, note text) on commit drop
        """;

    // email_ascii: the punycode spelling of an internationalised address, for contacts stored
    // that way before domains were kept in Unicode. note: what the report says of a row that is
    // imported all the same (address extracted from a longer cell, name cut).
    public const string StagingColumns = "contact_import_rows (row_number, organization_name, organization_key, email, kind, reason, email_ascii, note)";

    /// <summary>How long one slice should take: well under the 1 s a progress bar may stand still, even on a loaded machine.</summary>
    public static readonly TimeSpan SliceTarget = TimeSpan.FromMilliseconds(100);

    /// <summary>Rows of the first slice of each sliced statement (the benchmark's EXPLAIN shows its plan).</summary>
    public const int FirstSlice = 2_000;
    private const int MinSlice = 500;
    private const int MaxSlice = 20_000;

    public readonly record struct Applied(int DuplicateExisting, int OrganizationsCreated, int Created);

    /// <summary>One statement of the set-based phase, as the benchmark's EXPLAIN mode prints it (its slice bounds are $4 and $5).</summary>
    public sealed record Statement(string Name, string Sql, bool OverReadyRows = false);

    // Every statement takes the same parameters ($1 organisation, $2 client, $3 import, $4 and $5
    // the slice; Npgsql sends their types, so a statement may leave some unused).
    // Rows are sliced by row_number (file order: the first spelling of a company still wins, slice
    // after slice) except the contacts, sliced by address order (see contact_import_ready).
    // The duplicate check probes the unique index (client_id, email_lower) once per staged row, so
    // that a slice costs its own rows, whatever the size of the tenant. Hence a correlated scalar
    // subquery, which PostgreSQL never turns into a join: as a join (or an EXISTS, which it pulls
    // up into one) the condition c.email_lower = lower(s.email) cannot reach the index under
    // row-level security (lower() is not leakproof, so it may only run after the policy), and the
    // only plans left read every contact of the tenant, once per slice (9.6 s for 100,000 rows into
    // a tenant of 100,000 in session 6, growing with the tenant). Inside the subquery lower(s.email)
    // is a parameter of the probe, not a row of contacts, so the index takes it. The index is
    // unique: at most one row comes back.
    public static readonly Statement ExistingByEmail = new("existing", """
        update contact_import_rows s set kind = 'doublon_existant', reason = 'Le contact existant est gardé tel quel'
        where s.row_number >= $4 and s.row_number < $5 and s.kind is null
          and (select true from contacts c where c.client_id = $2 and c.email_lower = lower(s.email))
        """);

    public static readonly Statement ExistingByAsciiEmail = new("existing_ascii", """
        update contact_import_rows s set kind = 'doublon_existant', reason = 'Déjà dans vos contacts'
        where s.row_number >= $4 and s.row_number < $5 and s.kind is null and s.email_ascii is not null
          and (select true from contacts c where c.client_id = $2 and c.email_lower = lower(s.email_ascii))
        """);

    // distinct on + order by row_number: the first spelling of a company in the slice wins, and
    // earlier slices went first. created_by comes from one (select get_user_id()) per statement,
    // not the column default evaluated per row.
    public static readonly Statement Organizations = new("organizations", """
        insert into contact_organizations (organisation_id, client_id, name, name_key, created_by, updated_by)
        select distinct on (organization_key) $1, $2, organization_name, organization_key, (select get_user_id()), (select get_user_id())
        from contact_import_rows
        where row_number >= $4 and row_number < $5 and kind is null and organization_key <> ''
        order by organization_key, row_number
        on conflict (client_id, name_key) do nothing
        """);

    // The rows to create, numbered in address order with their company resolved: each contacts
    // slice is then a plain range, and the address indexes grow at their right edge instead of
    // splitting pages all over (a quarter less time in measurements).
    public const string CreateReadyTable = """
        create temp table contact_import_ready (
          seq int not null, email text not null, organization_id uuid, organization_name text) on commit drop
        """;

    public static readonly Statement Ready = new("ready", """
        insert into contact_import_ready (seq, email, organization_id, organization_name)
        select row_number() over (order by lower(s.email), s.row_number), s.email, o.id, o.name
        from contact_import_rows s
        left join contact_organizations o on o.client_id = $2 and o.name_key = s.organization_key
        where s.kind is null
        """);

    public static readonly Statement Contacts = new("contacts", """
        insert into contacts (organisation_id, client_id, email, organization_id, organization_name, import_id, created_by, updated_by)
        select $1, $2, r.email, r.organization_id, r.organization_name, $3, (select get_user_id()), (select get_user_id())
        from contact_import_ready r
        where r.seq >= $4 and r.seq < $5
        order by r.seq
        """, OverReadyRows: true);

    public static readonly Statement Issues = new("issues", """
        insert into contact_import_issues (import_id, row_number, organisation_id, client_id, kind, email, organization_name, reason)
        select $3, row_number, $1, $2, coalesce(kind, 'remarque'), email, nullif(organization_name, ''), concat_ws(' ; ', reason, note)
        from contact_import_rows
        where row_number >= $4 and row_number < $5 and (kind is not null or note is not null)
        """);

    /// <summary>Every set-based statement, in the order an import runs them.</summary>
    public static readonly IReadOnlyList<Statement> Statements = [ExistingByEmail, ExistingByAsciiEmail, Organizations, Ready, Contacts, Issues];

    // The statements between the sliced ones, each one statement over all the rows: the benchmark's
    // floor runs these very constants by hand.
    // One import at a time per owner ($2): two files sharing an address cannot both create it.
    public const string LockOwner = "select pg_advisory_xact_lock(hashtextextended($2::text, 5))";
    public const string IndexStagedRows = "create index on contact_import_rows (row_number)";
    public const string AnalyzeStagedRows = "analyze contact_import_rows";
    public const string IndexReadyRows = "create index on contact_import_ready (seq)";
    public const string AnalyzeReadyRows = "analyze contact_import_ready";

    /// <summary>
    /// Runs inside the import's transaction, after the rows are staged. <paramref name="progress"/>
    /// hears the share of the phase done (0 to 1) after each slice and each unsliced statement;
    /// <paramref name="stepDone"/> hears each step's name as it ends (the importer's phase marks).
    /// </summary>
    public static async Task<Applied> ApplyAsync(NpgsqlConnection connection, Guid importId, Guid organisationId, Guid clientId, CancellationToken cancellationToken,
        Action<string>? stepDone = null, Func<double, Task>? progress = null)
    {
        object[] Bounds(int low, int high) => [organisationId, clientId, importId, low, high];
        await ExecuteAsync(connection, LockOwner, cancellationToken, Bounds(0, 0));
        await ExecuteAsync(connection, IndexStagedRows, cancellationToken);
        await ExecuteAsync(connection, AnalyzeStagedRows, cancellationToken);
        var (first, end) = await RangeAsync(connection, "select coalesce(min(row_number), 0), coalesce(max(row_number) + 1, 0) from contact_import_rows", cancellationToken);
        stepDone?.Invoke("locked_and_indexed");

        // Shares of the phase, as measured: creating the contacts is most of it. The unsliced
        // statements that prepare the contacts each report their own step, so that the bar moves
        // between them (the longest gaps of the benchmark were there).
        var run = new Progress(progress, [(0.15, end - first), (0.10, end - first), (0.03, 1), (0.01, 1), (0.01, 1), (0.65, 0), (0.05, end - first)]);

        var existing = 0;
        await SlicedAsync(first, end, async (low, high) =>
        {
            existing += await ExecuteAsync(connection, ExistingByEmail.Sql, cancellationToken, Bounds(low, high));
            existing += await ExecuteAsync(connection, ExistingByAsciiEmail.Sql, cancellationToken, Bounds(low, high));
            return high - low;
        }, run, 0);
        stepDone?.Invoke("existing");

        var organizations = 0;
        await SlicedAsync(first, end, async (low, high) =>
        {
            organizations += await ExecuteAsync(connection, Organizations.Sql, cancellationToken, Bounds(low, high));
            return high - low;
        }, run, 1);
        stepDone?.Invoke("organizations");

        await ExecuteAsync(connection, CreateReadyTable, cancellationToken);
        var toCreate = await ExecuteAsync(connection, Ready.Sql, cancellationToken, Bounds(0, 0));
        await run.AdvanceAsync(2, 1);
        stepDone?.Invoke("ready");
        await ExecuteAsync(connection, IndexReadyRows, cancellationToken);
        await run.AdvanceAsync(3, 1);
        await ExecuteAsync(connection, AnalyzeReadyRows, cancellationToken);
        await run.AdvanceAsync(4, 1);
        stepDone?.Invoke("ready_indexed");

        run.Resize(5, toCreate);
        var created = 0;
        await SlicedAsync(1, toCreate + 1, async (low, high) =>
        {
            var inserted = await ExecuteAsync(connection, Contacts.Sql, cancellationToken, Bounds(low, high));
            created += inserted;
            return inserted;
        }, run, 5);
        stepDone?.Invoke("contacts");

        await SlicedAsync(first, end, async (low, high) =>
        {
            await ExecuteAsync(connection, Issues.Sql, cancellationToken, Bounds(low, high));
            return high - low;
        }, run, 6);
        stepDone?.Invoke("issues");
        return new Applied(existing, organizations, created);
    }

    /// <summary>
    /// The floor of the set-based phase (the benchmark's): the same statements as
    /// <see cref="ApplyAsync"/>, in the same order, but each sliced statement run once over all the
    /// staged rows, with no progress. <paramref name="stepDone"/> hears each statement's name.
    /// </summary>
    public static async Task<Applied> ApplyUnslicedAsync(NpgsqlConnection connection, Guid importId, Guid organisationId, Guid clientId, Action<string> stepDone)
    {
        var all = new object[] { organisationId, clientId, importId, int.MinValue, int.MaxValue };
        async Task<int> Run(string name, string sql, object[]? parameters = null)
        {
            var affected = await ExecuteAsync(connection, sql, CancellationToken.None, parameters ?? []);
            stepDone(name);
            return affected;
        }

        await Run("lock", LockOwner, all);
        await Run("index_staged", IndexStagedRows);
        await Run("analyze_staged", AnalyzeStagedRows);
        var existing = await Run(ExistingByEmail.Name, ExistingByEmail.Sql, all);
        existing += await Run(ExistingByAsciiEmail.Name, ExistingByAsciiEmail.Sql, all);
        var organizations = await Run(Organizations.Name, Organizations.Sql, all);
        await Run("create_ready", CreateReadyTable);
        await Run(Ready.Name, Ready.Sql, all);
        await Run("index_ready", IndexReadyRows);
        await Run("analyze_ready", AnalyzeReadyRows);
        var created = await Run(Contacts.Name, Contacts.Sql, all);
        await Run(Issues.Name, Issues.Sql, all);
        return new Applied(existing, organizations, created);
    }

    /// <summary>
    /// Runs <paramref name="slice"/> over [low, high) ranges covering [first, end), each sized from
    /// the previous one's pace to last about <see cref="SliceTarget"/>.
    /// </summary>
    private static async Task SlicedAsync(int first, int end, Func<int, int, Task<int>> slice, Progress run, int step)
    {
        var size = FirstSlice;
        for (var low = first; low < end;)
        {
            var high = (int)Math.Min(end, (long)low + size);
            var clock = Stopwatch.StartNew();
            var done = await slice(low, high);
            var elapsed = Math.Max(1, clock.Elapsed.TotalMilliseconds);
            size = (int)Math.Clamp(size * SliceTarget.TotalMilliseconds / elapsed, MinSlice, Math.Min(MaxSlice, size * 3L / 2));
            low = high;
            await run.AdvanceAsync(step, done);
        }
    }

    private static async Task<(int First, int End)> RangeAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The phase's share done: each step weighs its part, spread over its units (rows).</summary>
    private sealed class Progress(Func<double, Task>? report, (double Weight, int Units)[] steps)
    {
        private readonly double[] _done = new double[steps.Length];

        public void Resize(int step, int units) => steps[step].Units = units;

        public Task AdvanceAsync(int step, int units)
        {
            _done[step] += units;
            if (report is null)
            {
                return Task.CompletedTask;
            }

            var share = 0.0;
            for (var i = 0; i < steps.Length; i++)
            {
                share += steps[i].Units == 0 ? 0 : steps[i].Weight * Math.Min(1, _done[i] / steps[i].Units);
            }

            return report(share);
        }
    }
}
