using System.Diagnostics;
using System.Text.Json;
using ExcelDataReader.Exceptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Presenca.Data;
using Presenca.Data.Contacts;
using Presenca.Web.Live;

namespace Presenca.Web.Contacts;

/// <summary>
/// Imports one contact file, all or nothing: rows are streamed into a temporary staging table
/// with binary COPY inside one transaction, then turned into companies, contacts and report lines
/// by a few set-based statements. A failure anywhere rolls everything back; the import's own row
/// then says why. Progress goes out on <see cref="LiveChannels.ContactImportProgress"/> through a
/// second connection, since a NOTIFY inside the transaction would only arrive at its commit.
/// </summary>
public sealed class ContactImporter(PresencaDatabase database, IOptions<ContactImportOptions> options, ILogger<ContactImporter> logger)
{
    private const int ProgressEveryRows = 5_000;
    private const int ReadingShare = 80;
    private const int MaxStoredTextLength = 500;

    public async Task RunAsync(ContactImportJob job, CancellationToken cancellationToken)
    {
        await using var progressDb = database.CreateContext(job.Caller);
        await progressDb.Database.OpenConnectionAsync(cancellationToken);
        var progress = (NpgsqlConnection)progressDb.Database.GetDbConnection();
        await ReportProgressAsync(progress, job, ContactImportStatus.EnCours, 0, 0, cancellationToken, starting: true);

        try
        {
            await ImportAsync(job, progress, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var message = error switch
            {
                ContactImportException refused => refused.Message,
                ExcelReaderException or InvalidDataException or System.Xml.XmlException => ContactImportLabels.UnreadableFile,
                _ => ContactImportLabels.UnexpectedFailure,
            };
            if (error is not ContactImportException)
            {
                logger.LogError(error, "Contact import {ImportId} failed", job.ImportId);
            }

            await FailAsync(progress, job, message, CancellationToken.None);
        }
    }

    private async Task ImportAsync(ContactImportJob job, NpgsqlConnection progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var db = database.CreateContext(job.Caller);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, """
            create temp table contact_import_rows (
              row_number int not null, organization_name text not null, organization_key text not null,
              email text not null, kind text, reason text) on commit drop
            """, cancellationToken);

        var counts = await StageRowsAsync(job, connection, progress, cancellationToken);
        await ReportProgressAsync(progress, job, ContactImportStatus.EnCours, counts.Rows, ReadingShare, cancellationToken);

        // One import at a time per owner: two files sharing an address cannot both create it.
        await ExecuteAsync(connection, "select pg_advisory_xact_lock(hashtextextended($1::text, 5))", cancellationToken, job.ClientId);
        await ExecuteAsync(connection, "analyze contact_import_rows", cancellationToken);

        var existing = await ExecuteAsync(connection, """
            update contact_import_rows s set kind = 'doublon_existant', reason = 'Déjà dans vos contacts'
            from contacts c
            where s.kind is null and c.client_id = $1 and lower(c.email) = lower(s.email)
            """, cancellationToken, job.ClientId);

        var organizations = await ExecuteAsync(connection, """
            insert into contact_organizations (organisation_id, client_id, name, name_key)
            select distinct on (organization_key) $1, $2, organization_name, organization_key
            from contact_import_rows
            where kind is null and organization_key <> ''
            order by organization_key, row_number
            on conflict (client_id, name_key) do nothing
            """, cancellationToken, job.OrganisationId, job.ClientId);

        var created = await ExecuteAsync(connection, """
            insert into contacts (organisation_id, client_id, email, organization_id, organization_name, import_id)
            select $1, $2, s.email, o.id, o.name, $3
            from contact_import_rows s
            left join contact_organizations o on o.client_id = $2 and o.name_key = s.organization_key
            where s.kind is null
            order by s.row_number
            """, cancellationToken, job.OrganisationId, job.ClientId, job.ImportId);

        await ExecuteAsync(connection, """
            insert into contact_import_issues (import_id, row_number, organisation_id, client_id, kind, email, organization_name, reason)
            select $1, row_number, $2, $3, kind, email, nullif(organization_name, ''), reason
            from contact_import_rows where kind is not null
            """, cancellationToken, job.ImportId, job.OrganisationId, job.ClientId);

        await ExecuteAsync(connection, """
            update contact_imports set status = 'terminee', processed_rows = $2, total_rows = $2, progress_percent = 100,
              created_count = $3, organizations_created = $4, duplicate_in_file = $5, duplicate_existing = $6,
              invalid_count = $7, error_message = null, finished_at = now()
            where id = $1
            """, cancellationToken, job.ImportId, counts.Rows, created, organizations, counts.DuplicateInFile, existing, counts.Invalid);
        await NotifyAsync(connection, job, ContactImportStatus.Terminee, counts.Rows, 100, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Contact import {ImportId}: {Rows} rows, {Created} created in {Elapsed} ms",
            job.ImportId, counts.Rows, created, clock.ElapsedMilliseconds);
    }

    private readonly record struct StagedCounts(int Rows, int Invalid, int DuplicateInFile);

    private async Task<StagedCounts> StageRowsAsync(ContactImportJob job, NpgsqlConnection connection, NpgsqlConnection progress, CancellationToken cancellationToken)
    {
        var maxRows = options.Value.MaxRows;
        // First row of each address: later ones are reported as duplicates of it.
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        int rows = 0, invalid = 0, duplicates = 0;

        await using var file = new FileStream(job.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        var length = Math.Max(1, file.Length);
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy contact_import_rows (row_number, organization_name, organization_key, email, kind, reason) from stdin (format binary)",
            cancellationToken);

        foreach (var row in ContactFileRows.Read(file, job.Kind))
        {
            if (++rows > maxRows)
            {
                throw new ContactImportException(ContactImportLabels.TooManyRows(maxRows));
            }

            var organization = Truncate(ContactText.CleanName(row.Organization));
            var email = ContactText.NormaliseEmail(row.Email, out var problem);
            string? kind = null;
            if (email is null)
            {
                kind = "invalide";
                invalid++;
            }
            else if (firstRowOf.TryGetValue(ContactText.EmailKey(email), out var firstRow))
            {
                kind = "doublon_fichier";
                problem = $"Déjà présente à la ligne {firstRow} du fichier";
                duplicates++;
            }
            else
            {
                firstRowOf.Add(ContactText.EmailKey(email), row.RowNumber);
            }

            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(row.RowNumber, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(organization, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(organization.Length == 0 ? "" : ContactText.OrganizationKey(organization), NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(email ?? Truncate(row.Email), NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(copy, kind, cancellationToken);
            await WriteNullableAsync(copy, problem, cancellationToken);

            if (rows % ProgressEveryRows == 0)
            {
                var percent = (int)Math.Min(ReadingShare - 1, ReadingShare * file.Position / length);
                await ReportProgressAsync(progress, job, ContactImportStatus.EnCours, rows, percent, cancellationToken);
            }
        }

        await copy.CompleteAsync(cancellationToken);
        return new StagedCounts(rows, invalid, duplicates);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(cancellationToken);
        }
        else
        {
            await copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }

    private static string Truncate(string text) => text.Length <= MaxStoredTextLength ? text : text[..MaxStoredTextLength];

    private static async Task ReportProgressAsync(NpgsqlConnection connection, ContactImportJob job, ContactImportStatus status, int rows, int percent,
        CancellationToken cancellationToken, bool starting = false)
    {
        await ExecuteAsync(connection, starting
            ? "update contact_imports set status = 'en_cours', started_at = now(), processed_rows = $2, progress_percent = $3 where id = $1"
            : "update contact_imports set processed_rows = $2, progress_percent = $3 where id = $1",
            cancellationToken, job.ImportId, rows, percent);
        await NotifyAsync(connection, job, status, rows, percent, cancellationToken);
    }

    private static async Task FailAsync(NpgsqlConnection connection, ContactImportJob job, string message, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, """
            update contact_imports set status = 'echouee', error_message = $2, finished_at = now(), progress_percent = 0
            where id = $1
            """, cancellationToken, job.ImportId, message);
        await NotifyAsync(connection, job, ContactImportStatus.Echouee, 0, 0, cancellationToken);
    }

    private static async Task NotifyAsync(NpgsqlConnection connection, ContactImportJob job, ContactImportStatus status, int rows, int percent, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["organisation_id"] = job.OrganisationId,
            ["import_id"] = job.ImportId,
            ["status"] = Presenca.Data.Modeling.SnakeCaseEnumConverter<ContactImportStatus>.ToText(status),
            ["processed_rows"] = rows,
            ["progress_percent"] = percent,
        });
        await ExecuteAsync(connection, "select pg_notify($1, $2)", cancellationToken, LiveChannels.ContactImportProgress, payload);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
