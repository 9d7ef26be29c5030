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
    // Reading reports progress at most this often (checked every few hundred rows), so the bar
    // moves at least every second without a commit per row.
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(200);
    private const int ProgressCheckRows = 256;
    private const int ReadingShare = 50;
    private const int MaxStoredTextLength = 500;

    public async Task RunAsync(ContactImportJob job, CancellationToken cancellationToken)
    {
        // From the worker picking the job up (the import row's started_at is written just after).
        var clock = Stopwatch.StartNew();
        await using var progress = database.CreateContext(job.Caller);
        try
        {
            // Declared dead while it waited (its heartbeat late): another instance marked it failed.
            if (!await ReportProgressAsync(progress, job, 0, 0, cancellationToken, starting: true))
            {
                logger.LogWarning("Contact import {ImportId} was marked failed before it started", job.ImportId);
                return;
            }

            await ImportAsync(job, progress, clock, cancellationToken);
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

    private async Task ImportAsync(ContactImportJob job, PresencaDbContext progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        var phases = new List<string> { $"marked_running={clock.ElapsedMilliseconds}" };
        void Mark(string phase) => phases.Add($"{phase}={clock.ElapsedMilliseconds}");
        await using var db = database.CreateContext(job.Caller);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        int existing, organizations, created;
        StagedCounts counts;
        long stagedAfter;
        await using (var publisher = new ContactImportProgressPublisher((rows, percent) => ReportProgressAsync(progress, job, rows, percent, cancellationToken)))
        {
            await ExecuteAsync(connection, ContactImportSql.CreateStagingTable, cancellationToken);
            Mark("connected");
            counts = await StageRowsAsync(job, connection, publisher, cancellationToken);
            stagedAfter = clock.ElapsedMilliseconds;
            Mark("parsed_and_staged");
            publisher.Publish(counts.Rows, ReadingShare);
            var lastPercent = ReadingShare;
            (existing, organizations, created) = await ContactImportSql.ApplyAsync(connection, job.ImportId, job.OrganisationId, job.ClientId, cancellationToken,
                stepDone: Mark,
                progress: share =>
                {
                    publisher.ThrowIfStopped();
                    lastPercent = Math.Max(lastPercent, ReadingShare + (int)((99 - ReadingShare) * share));
                    publisher.Publish(counts.Rows, lastPercent);
                    return Task.CompletedTask;
                });
            // The last figure is written before the import's row says it ended.
            await publisher.DisposeAsync();
            publisher.ThrowIfStopped();
        }

        // Still ours: if a sweep declared this import dead meanwhile, its failure stands and
        // nothing of it is committed.
        var finished = await ExecuteAsync(connection, """
            update contact_imports set status = 'terminee', processed_rows = $2, total_rows = $2, progress_percent = 100,
              created_count = $3, organizations_created = $4, duplicate_in_file = $5, duplicate_existing = $6,
              invalid_count = $7, error_message = null, finished_at = clock_timestamp()
            where id = $1 and status = 'en_cours'
            """, cancellationToken, job.ImportId, counts.Rows, created, organizations, counts.DuplicateInFile, existing, counts.Invalid);
        if (finished == 0)
        {
            throw new ContactImportException(ContactImportLabels.Interrupted);
        }

        await NotifyAsync(connection, job, ContactImportStatus.Terminee, counts.Rows, 100, cancellationToken);
        Mark("recorded");
        await transaction.CommitAsync(cancellationToken);
        Mark("committed");
        logger.LogInformation("Contact import {ImportId}: {Rows} rows read and staged in {Staged} ms, {Created} created, done in {Elapsed} ms",
            job.ImportId, counts.Rows, stagedAfter, created, clock.ElapsedMilliseconds);
        // One line per import saying where its time went (bench/contacts.sh prints it): ms since the worker picked it up.
        logger.LogInformation("Contact import {ImportId} phases: {Phases}", job.ImportId, string.Join(' ', phases));
    }

    /// <summary>
    /// Runs the import's own reading, cleaning and COPY code over a small generated .xlsx, into a
    /// staging table that is rolled back: nothing is written. Done once at start-up, off any
    /// request, so that the first real import does not pay for compiling them (the benchmark's
    /// cold run). The staging table needs no caller: it is temporary and touches no tenant's rows.
    /// </summary>
    public async Task WarmUpAsync(int rows, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"presenca-warmup-{Guid.NewGuid():N}.xlsx");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            using (var workbook = new XlsxWorkbookWriter(file))
            using (var sheet = workbook.BeginSheet("Contacts"))
            {
                sheet.WriteRow("Organisation", "Adresse e-mail");
                for (var i = 0; i < rows; i++)
                {
                    sheet.WriteRow($"Société Échauffement {i % 50}", $"Prenom.Nom{i}@Echauffement{i % 50}.example");
                }
            }

            // The upload's own check of the file, too (the first upload's answer was half a second slower).
            await using (var stored = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                _ = ContactFileInspector.Inspect("echauffement.xlsx", stored, stored.Length, options.Value, out _);
            }

            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, ContactImportSql.CreateStagingTable, cancellationToken);
            var job = new ContactImportJob(Guid.Empty, Guid.Empty, Guid.Empty, Presenca.Data.Tenancy.Caller.Anonymous, path, ContactFileKind.Xlsx);
            await using (var publisher = new ContactImportProgressPublisher((_, _) => Task.FromResult(true)))
            {
                await StageRowsAsync(job, connection, publisher, cancellationToken);
            }

            await transaction.RollbackAsync(cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private readonly record struct StagedCounts(int Rows, int Invalid, int DuplicateInFile);

    private async Task<StagedCounts> StageRowsAsync(ContactImportJob job, NpgsqlConnection connection, ContactImportProgressPublisher progress, CancellationToken cancellationToken)
    {
        var maxRows = options.Value.MaxRows;
        // First row of each address: later ones are reported as duplicates of it.
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        int rows = 0, invalid = 0, duplicates = 0;

        await using var file = new FileStream(job.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        var length = Math.Max(1, file.Length);
        var sinceReport = Stopwatch.StartNew();
        // Never backwards: the bytes read before the first row and the position after it are two measures.
        var lastPercent = 0;
        await using var copy = await connection.BeginBinaryImportAsync(
            $"copy {ContactImportSql.StagingColumns} from stdin (format binary)",
            cancellationToken);

        // Until the first row, the bar follows the bytes read (an .xlsx's shared strings come first).
        await using var counted = new ReadCountingStream(file, consumed =>
        {
            if (rows == 0 && sinceReport.Elapsed >= ProgressEvery)
            {
                var percent = (int)Math.Min(ReadingShare - 1, ReadingShare * Math.Min(consumed, length) / length);
                if (percent > lastPercent)
                {
                    lastPercent = percent;
                    progress.ThrowIfStopped();
                    progress.Publish(0, percent);
                }

                sinceReport.Restart();
            }
        });
        foreach (var row in ContactFileRows.Read(job.Kind == ContactFileKind.Xlsx ? counted : file, job.Kind))
        {
            if (row.IsHeader)
            {
                // Not a data row: not counted, only reported.
                copy.StartRow();
                copy.Write(row.RowNumber, NpgsqlDbType.Integer);
                copy.Write(Truncate(ContactText.CleanName(row.Organization)), NpgsqlDbType.Text);
                copy.Write("", NpgsqlDbType.Text);
                copy.Write(Truncate(row.Email), NpgsqlDbType.Text);
                copy.Write("entete", NpgsqlDbType.Text);
                copy.Write(ContactImportLabels.HeaderSkipped(row.RowNumber), NpgsqlDbType.Text);
                copy.WriteNull();
                copy.WriteNull();
                continue;
            }

            if (++rows > maxRows)
            {
                throw new ContactImportException(ContactImportLabels.TooManyRows(maxRows));
            }

            var organization = ContactText.CleanName(row.Organization);
            string? note = null;
            if (organization.Length > MaxStoredTextLength)
            {
                organization = ContactText.Cut(organization, MaxStoredTextLength);
                note = ContactImportLabels.NameCut(MaxStoredTextLength);
            }

            var cell = ContactText.ReadEmailCell(row.Email);
            var email = cell.Email;
            var problem = cell.Problem;
            note = cell.Note is null ? note : note is null ? cell.Note : $"{cell.Note} ; {note}";
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

            // Synchronous writes: they only fill Npgsql's buffer (flushed as it fills), and the
            // sheet is read synchronously anyway; an await per field costs more than the row.
            copy.StartRow();
            copy.Write(row.RowNumber, NpgsqlDbType.Integer);
            copy.Write(organization, NpgsqlDbType.Text);
            copy.Write(organization.Length == 0 ? "" : ContactText.KeyOfCleanName(organization), NpgsqlDbType.Text);
            copy.Write(email ?? Truncate(row.Email), NpgsqlDbType.Text);
            WriteNullable(copy, kind);
            WriteNullable(copy, problem);
            WriteNullable(copy, cell.AsciiEmail);
            WriteNullable(copy, note);

            if (rows == 1 || (rows % ProgressCheckRows == 0 && sinceReport.Elapsed >= ProgressEvery))
            {
                var percent = lastPercent = Math.Max(lastPercent, (int)Math.Min(ReadingShare - 1, ReadingShare * file.Position / length));
                progress.ThrowIfStopped();
                progress.Publish(rows, percent);
                sinceReport.Restart();
            }
        }

        await copy.CompleteAsync(cancellationToken);
        return new StagedCounts(rows, invalid, duplicates);
    }

    private static void WriteNullable(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Text);
        }
    }

    private static string Truncate(string text) => text.Length <= MaxStoredTextLength ? text : text[..MaxStoredTextLength];

    // Progress goes through its own context and connection, committed at once, so that the
    // import's page sees it while the import's own transaction is still open. It is also the
    // import's heartbeat. False when the import is no longer running (declared dead).
    private static async Task<bool> ReportProgressAsync(PresencaDbContext progress, ContactImportJob job, int rows, int percent,
        CancellationToken cancellationToken, bool starting = false)
    {
        await using var transaction = await progress.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)progress.Database.GetDbConnection();
        var updated = await ExecuteAsync(connection, starting
            ? "update contact_imports set status = 'en_cours', started_at = clock_timestamp(), heartbeat_at = clock_timestamp(), processed_rows = $2, progress_percent = $3 where id = $1 and status = 'en_attente'"
            : "update contact_imports set processed_rows = $2, progress_percent = $3, heartbeat_at = clock_timestamp() where id = $1 and status = 'en_cours'",
            cancellationToken, job.ImportId, rows, percent);
        if (updated == 0)
        {
            return false;
        }

        await NotifyAsync(connection, job, ContactImportStatus.EnCours, rows, percent, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task FailAsync(PresencaDbContext progress, ContactImportJob job, string message, CancellationToken cancellationToken)
    {
        await using var transaction = await progress.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)progress.Database.GetDbConnection();
        await ExecuteAsync(connection, """
            update contact_imports set status = 'echouee', error_message = $2, finished_at = clock_timestamp(), progress_percent = 0
            where id = $1
            """, cancellationToken, job.ImportId, message);
        await NotifyAsync(connection, job, ContactImportStatus.Echouee, 0, 0, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task NotifyAsync(NpgsqlConnection connection, ContactImportJob job, ContactImportStatus status, int rows, int percent, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["organisation_id"] = job.OrganisationId,
            ["client_id"] = job.ClientId,
            ["import_id"] = job.ImportId,
            ["status"] = Presenca.Data.Modeling.SnakeCaseEnumConverter<ContactImportStatus>.ToText(status),
            ["processed_rows"] = rows,
            ["progress_percent"] = percent,
        });
        await ExecuteAsync(connection, "select pg_notify($1, $2)", cancellationToken, LiveChannels.ContactImportProgress, payload);
    }

    private static Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters) =>
        ContactImportSql.ExecuteAsync(connection, sql, cancellationToken, parameters);
}
