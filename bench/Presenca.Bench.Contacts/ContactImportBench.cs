using System.Diagnostics;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Migrations;
using Presenca.Data.Tenancy;
using Presenca.Web.Contacts;

namespace Presenca.Bench.Contacts;

public sealed class ContactImportBench(string directory)
{
    // PRESENCA_BENCH_ROWS: a smaller size to check the benchmark itself works (the figures are for 100,000).
    public static readonly int Rows = Environment.GetEnvironmentVariable("PRESENCA_BENCH_ROWS") is { Length: > 0 } rows
        ? int.Parse(rows, System.Globalization.CultureInfo.InvariantCulture) : 100_000;
    public static readonly int Companies = Math.Max(1, Rows / 10);
    public static readonly int ExistingContacts = Rows;
    private const string Template = "presenca_bench_contacts_tpl";

    private static readonly Guid OrganisationId = Guid.Parse("0000b0b0-0000-0000-0000-000000000001");
    private static readonly Guid ClientId = Guid.Parse("0000b0b0-0000-0000-0000-000000000002");
    private static readonly Guid UserId = Guid.Parse("0000b0b0-0000-0000-0000-000000000003");

    private string XlsxPath => XlsxPathIn(directory);

    private string TsvPath => TsvPathIn(directory);

    public static string XlsxPathIn(string directory) => Path.Combine(directory, "contacts-100k.xlsx");

    public static string TsvPathIn(string directory) => Path.Combine(directory, "contacts-100k.tsv");

    public static string OwnerConnection(string database) => For(Env("PRESENCA_BENCH_POSTGRES_OWNER"), database);

    public static string AppConnection(string database) => For(Env("PRESENCA_BENCH_POSTGRES_APP"), database);

    private static string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value : throw new InvalidOperationException($"{name} is not set (run bench/contacts.sh).");

    private static string For(string login, string database) => new NpgsqlConnectionStringBuilder(login) { Database = database }.ConnectionString;

    public async Task PrepareAsync()
    {
        Directory.CreateDirectory(directory);
        await AdminAsync($"drop database if exists {Template}");
        await AdminAsync($"create database {Template} owner presenca_owner");
        await using (var owner = NpgsqlDataSource.Create(For(Env("PRESENCA_BENCH_POSTGRES_OWNER"), Template)))
        {
            await new MigrationRunner(owner, MigrationScript.Shipped, NullLogger.Instance).MigrateAsync();
            await using var command = owner.CreateCommand($"""
                insert into organisations (organisation_id, organisation_nom) values ('{OrganisationId}', 'Bench');
                insert into agence_independante (agence_independante_id, organisation_id, agence_nom) values ('{ClientId}', '{OrganisationId}', 'Agence Bench');
                insert into contacts (organisation_id, client_id, email)
                  select '{OrganisationId}', '{ClientId}', 'existant' || g || '@deja-la.fr' from generate_series(1, {ExistingContacts}) g;
                """);
            await command.ExecuteNonQueryAsync();
            await using var vacuum = owner.CreateCommand("vacuum analyze contacts");
            await vacuum.ExecuteNonQueryAsync();
        }

        NpgsqlConnection.ClearAllPools();
        WriteXlsx();
        WriteTsv();
        Console.WriteLine($"prepared: {Template} ({ExistingContacts:N0} contacts), {XlsxPath} ({new FileInfo(XlsxPath).Length / 1024:N0} KiB)");
    }

    public async Task ImportAsync()
    {
        var name = await CloneAsync("import");
        await using var database = new PresencaDatabase(For(Env("PRESENCA_BENCH_POSTGRES_APP"), name));
        var caller = new Caller(UserId, OrganisationId, ClientId, UserRole.CollaborateurAgence);
        var importId = Guid.NewGuid();
        await using (var db = database.CreateContext(caller))
        {
            db.ContactImports.Add(new Presenca.Data.Contacts.ContactImport
            {
                Id = importId,
                OrganisationId = OrganisationId,
                ClientId = ClientId,
                UserId = UserId,
                FileName = "contacts-100k.xlsx",
                FileSize = new FileInfo(XlsxPath).Length,
            });
            await db.SaveChangesAsync();
        }

        // The importer deletes nothing itself (the worker removes uploads): it reads the file in place.
        var importer = new ContactImporter(database, Options.Create(new ContactImportOptions()), NullLogger<ContactImporter>.Instance);
        var clock = Stopwatch.StartNew();
        await importer.RunAsync(new ContactImportJob(importId, OrganisationId, ClientId, caller, XlsxPath, ContactFileKind.Xlsx), CancellationToken.None);
        clock.Stop();

        await using (var db = database.CreateContext(caller))
        {
            var import = await db.ContactImports.AsNoTracking().SingleAsync(i => i.Id == importId);
            if (import.CreatedCount != Rows || import.OrganizationsCreated != Companies)
            {
                throw new InvalidOperationException($"import did not do its work: {import.Status} {import.ErrorMessage} created={import.CreatedCount} orgs={import.OrganizationsCreated}");
            }
        }

        Console.WriteLine($"import_seconds={clock.Elapsed.TotalSeconds:0.000}");
        Console.WriteLine($"import_peak_rss_mb={PeakRssMegabytes():0}");
        await DropAsync(name);
    }

    public async Task ExplainAsync()
    {
        var name = await CloneAsync("explain");
        await using (var owner = NpgsqlDataSource.Create(For(Env("PRESENCA_BENCH_POSTGRES_OWNER"), name)))
        {
            await using var vacuum = owner.CreateCommand("vacuum analyze");
            await vacuum.ExecuteNonQueryAsync();
        }

        await using var database = new PresencaDatabase(For(Env("PRESENCA_BENCH_POSTGRES_APP"), name));
        var caller = new Caller(UserId, OrganisationId, ClientId, UserRole.CollaborateurAgence);
        await using var db = database.CreateContext(caller);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        foreach (var (sort, search) in new[] { ("email", (string?)null), ("email_desc", null), ("recent", null), ("organisation", null), ("email", "existant4242"), ("email", "deja-la.fr"), ("recent", "existant4242") })
        {
            var query = new ContactListQuery(search, null, sort);
            var page = (await query.ApplyAsync(db)).Skip(0).Take(ContactListQuery.PageSize + 1);
            var command = (NpgsqlCommand)page.CreateDbCommand();
            command.CommandText = "explain (analyze, costs off, timing off, summary on) " + command.CommandText;
            command.Connection = connection;
            Console.WriteLine($"--- sort={sort} search={search ?? "-"}");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine(reader.GetString(0));
            }
        }

        await db.Database.CloseConnectionAsync();
        await DropAsync(name);
    }

    public void Read()
    {
        if (!File.Exists(XlsxPath))
        {
            Directory.CreateDirectory(directory);
            WriteXlsx();
        }

        var clock = Stopwatch.StartNew();
        var rows = 0;
        var valid = 0;
        using var file = File.OpenRead(XlsxPath);
        foreach (var row in ContactFileRows.Read(file, ContactFileKind.Xlsx))
        {
            rows++;
            if (ContactText.NormaliseEmail(row.Email, out _) is not null && ContactText.OrganizationKey(row.Organization).Length > 0)
            {
                valid++;
            }
        }

        Console.WriteLine($"read_seconds={clock.Elapsed.TotalSeconds:0.000} rows={rows} valid={valid} peak_rss_mb={PeakRssMegabytes():0}");
    }

    public async Task FloorAsync()
    {
        var name = await CloneAsync("floor");
        var caller = new Caller(UserId, OrganisationId, ClientId, UserRole.CollaborateurAgence);
        var seconds = await FloorOnAsync(AppConnection(name), caller, directory);
        Console.WriteLine($"floor_seconds={seconds:0.000}");
        await DropAsync(name);
    }

    /// <summary>
    /// The SQL floor: the import's own statements (<see cref="ContactImportSql"/>'s constants) run by
    /// hand in one transaction as <paramref name="caller"/> (RLS on, as the app): COPY of the rows
    /// as the importer stages them (parsed from the same .xlsx beforehand) into the same staging
    /// table, then each set-based statement once over all the rows (no slices, no progress),
    /// committed. What the app does beyond this (upload, queue, reading the sheet, slicing,
    /// progress, the report) is what the ratio measures.
    /// </summary>
    public static async Task<double> FloorOnAsync(string appConnection, Caller caller, string directory)
    {
        await using var database = new PresencaDatabase(appConnection);
        var importId = Guid.NewGuid();
        var organisationId = caller.OrganisationId!.Value;
        var clientId = caller.ClientId!.Value;
        await using var db = database.CreateContext(caller);
        db.ContactImports.Add(new Presenca.Data.Contacts.ContactImport { Id = importId, OrganisationId = organisationId, ClientId = clientId, FileName = "floor", FileSize = 0 });
        await db.SaveChangesAsync();

        var clock = Stopwatch.StartNew();
        var steps = new List<string>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await CopyTsvAsync(connection, TsvPathIn(directory));
            steps.Add($"copy={clock.Elapsed.TotalSeconds:0.000}");
            var applied = await ContactImportSql.ApplyUnslicedAsync(connection, importId, organisationId, clientId,
                step => steps.Add($"{step}={clock.Elapsed.TotalSeconds:0.000}"));
            await transaction.CommitAsync();
            steps.Add($"committed={clock.Elapsed.TotalSeconds:0.000}");
            if (applied.Created != Rows || applied.DuplicateExisting != 0)
            {
                throw new InvalidOperationException($"floor created {applied.Created}, found {applied.DuplicateExisting} existing");
            }
        }

        clock.Stop();
        Console.WriteLine($"floor_steps_seconds {string.Join(' ', steps)}");
        await db.Database.CloseConnectionAsync();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task CopyTsvAsync(NpgsqlConnection connection, string tsvPath)
    {
        await ContactImportSql.ExecuteAsync(connection, ContactImportSql.CreateStagingTable, CancellationToken.None);
        await using var writer = await connection.BeginTextImportAsync($"copy {ContactImportSql.StagingColumns} from stdin");
        using var reader = new StreamReader(tsvPath);
        var buffer = new char[64 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            await writer.WriteAsync(buffer.AsMemory(0, read));
        }
    }

    /// <summary>
    /// EXPLAIN (ANALYZE, BUFFERS, WAL) of each set-based statement of an import, each over its first
    /// slice then over all the other staged rows at once, in the order and the state an import runs
    /// them; rolled back.
    /// </summary>
    public async Task ExplainImportAsync()
    {
        var name = await CloneAsync("explain_import");
        await using (var database = new PresencaDatabase(AppConnection(name)))
        {
            var caller = new Caller(UserId, OrganisationId, ClientId, UserRole.CollaborateurAgence);
            var importId = Guid.NewGuid();
            await using var db = database.CreateContext(caller);
            db.ContactImports.Add(new Presenca.Data.Contacts.ContactImport { Id = importId, OrganisationId = OrganisationId, ClientId = ClientId, FileName = "explain", FileSize = 0 });
            await db.SaveChangesAsync();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await CopyTsvAsync(connection, TsvPath);
            await ContactImportSql.ExecuteAsync(connection, ContactImportSql.IndexStagedRows, CancellationToken.None);
            await ContactImportSql.ExecuteAsync(connection, ContactImportSql.AnalyzeStagedRows, CancellationToken.None);
            foreach (var statement in ContactImportSql.Statements)
            {
                if (statement == ContactImportSql.Ready)
                {
                    await ContactImportSql.ExecuteAsync(connection, ContactImportSql.CreateReadyTable, CancellationToken.None);
                }

                // A sliced statement's first slice as the importer sizes it, then the rest of the
                // rows at once: a slice's plan may differ from the whole's (issue 12: one read the
                // tenant's contacts every slice).
                var parts = statement == ContactImportSql.Ready
                    ? new[] { ("", 0, int.MaxValue) }
                    : new[] { (" (first slice)", 0, ContactImportSql.FirstSlice), (" (the rest)", ContactImportSql.FirstSlice, int.MaxValue) };
                foreach (var (part, low, high) in parts)
                {
                    Console.WriteLine($"--- {statement.Name}{part}");
                    await using var command = new NpgsqlCommand("explain (analyze, buffers, wal) " + statement.Sql, connection);
                    foreach (var value in new object[] { OrganisationId, ClientId, importId, low, high })
                    {
                        command.Parameters.Add(new NpgsqlParameter { Value = value });
                    }

                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        Console.WriteLine(reader.GetString(0));
                    }
                }

                if (statement == ContactImportSql.Ready)
                {
                    await ContactImportSql.ExecuteAsync(connection, ContactImportSql.IndexReadyRows, CancellationToken.None);
                    await ContactImportSql.ExecuteAsync(connection, ContactImportSql.AnalyzeReadyRows, CancellationToken.None);
                }
            }

            await transaction.RollbackAsync();
            await db.Database.CloseConnectionAsync();
        }

        await DropAsync(name);
    }

    private static string CompanyName(int row) => $"Société Éclair {row % Companies:00000}";

    private static string Email(int row) => $"Prenom.Nom{row}@Entreprise{row % Companies}.FR";

    // Written like a spreadsheet program does: one shared-strings table, the sheet referencing it.
    private void WriteXlsx()
    {
        using var document = SpreadsheetDocument.Create(XlsxPath, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var strings = workbook.AddNewPart<SharedStringTablePart>();
        using (var writer = OpenXmlWriter.Create(strings))
        {
            writer.WriteStartElement(new SharedStringTable());
            foreach (var text in new[] { "Organisation", "Adresse e-mail" }
                .Concat(Enumerable.Range(0, Companies).Select(CompanyName))
                .Concat(Enumerable.Range(0, Rows).Select(Email)))
            {
                writer.WriteElement(new SharedStringItem(new Text(text)));
            }

            writer.WriteEndElement();
        }

        var sheet = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(sheet))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, 1, 0, 1);
            for (var row = 0; row < Rows; row++)
            {
                WriteRow(writer, row + 2, 2 + (row % Companies), 2 + Companies + row);
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "Contacts", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
    }

    private static void WriteRow(OpenXmlWriter writer, int rowIndex, int first, int second)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)rowIndex });
        writer.WriteElement(new Cell { CellReference = $"A{rowIndex}", DataType = CellValues.SharedString, CellValue = new CellValue(first.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
        writer.WriteElement(new Cell { CellReference = $"B{rowIndex}", DataType = CellValues.SharedString, CellValue = new CellValue(second.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
        writer.WriteEndElement();
    }

    // The rows as the importer stages them, read from the .xlsx with the importer's own reader
    // and cleaning (so the floor starts where the importer's reading ends), for COPY text format.
    private void WriteTsv()
    {
        using var writer = new StreamWriter(TsvPath);
        using var file = File.OpenRead(XlsxPath);
        static string Field(string? value) => value is null ? "\\N" : value.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");
        foreach (var row in ContactFileRows.Read(file, ContactFileKind.Xlsx))
        {
            var organization = ContactText.CleanName(row.Organization);
            if (row.IsHeader)
            {
                writer.Write($"{row.RowNumber}\t{Field(organization)}\t\t{Field(row.Email)}\tentete\t{Field(ContactImportLabels.HeaderSkipped(row.RowNumber))}\t\\N\t\\N\n");
                continue;
            }

            var cell = ContactText.ReadEmailCell(row.Email);
            if (cell.Email is null)
            {
                throw new InvalidOperationException($"row {row.RowNumber}: the benchmark's file holds only valid, distinct addresses");
            }

            var key = organization.Length == 0 ? "" : ContactText.KeyOfCleanName(organization);
            writer.Write($"{row.RowNumber}\t{Field(organization)}\t{Field(key)}\t{Field(cell.Email)}\t\\N\t{Field(cell.Problem)}\t{Field(cell.AsciiEmail)}\t{Field(cell.Note)}\n");
        }
    }

    private static double PeakRssMegabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
    }

    public static async Task<string> CloneAsync(string purpose)
    {
        var name = $"presenca_bench_{purpose}_{Guid.NewGuid():N}";
        await AdminAsync($"create database {name} template {Template} owner presenca_owner");
        return name;
    }

    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"drop database if exists {name} with (force)");
    }

    public static async Task AdminAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(For(Env("PRESENCA_BENCH_POSTGRES_ADMIN"), database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
