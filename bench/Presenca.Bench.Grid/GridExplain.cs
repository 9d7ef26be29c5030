using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Tenancy;
using Presenca.Web.Contacts;
using Presenca.Web.Demo;

namespace Presenca.Bench.Grid;

/// <summary>
/// EXPLAIN (ANALYZE, BUFFERS, TIMING OFF: per-row clock reads would inflate a scan of a million
/// rows) of the very statements the Contacts page sends for a page, run as the app role with the
/// agency's identity (query filter + row-level security), in the middle and at the end of the
/// list as well as on page 1. ContactListQuery builds them; EF's
/// diagnostic events hand over each command as sent, which is then explained with its parameters.
/// </summary>
public static class GridExplain
{
    // ContactsPage counts at most this many (its CountCap + 1) when the list's order or search changes.
    private const int CountedAtMost = 10_001;

    public static async Task RunAsync(BenchDatabase database, long contacts)
    {
        var caller = await CallerAsync(database.OwnerConnectionString);
        var middle = contacts / 2;
        var cases = new List<(string Name, ContactListQuery Query, Func<Task<ContactPageStart?>> Start, bool Count)>
        {
            ("A → Z, page 1", new(null, null, null), () => NoStart, true),
            ($"A → Z, next page after the {middle:N0}th contact", new(null, null, null), () => StartAsync(database, "email", middle, backward: false), false),
            ($"A → Z, previous page before the {middle:N0}th contact", new(null, null, null), () => StartAsync(database, "email", middle, backward: true), false),
            ("A → Z, the last page", new(null, null, null), () => StartAsync(database, "email", contacts - ContactListQuery.PageSize - 1, backward: false), false),
            ("Z → A, page 1", new(null, null, "email_desc"), () => NoStart, false),
            ($"Added recently, next page after the {middle:N0}th contact", new(null, null, "recent"), () => StartAsync(database, "recent", middle, backward: false), false),
            ("By organisation, page 1", new(null, null, "organisation"), () => NoStart, true),
            ($"By organisation, next page after the {middle:N0}th contact", new(null, null, "organisation"), () => StartAsync(database, "organisation", middle, backward: false), false),
            ($"By organisation, previous page before the {middle:N0}th contact", new(null, null, "organisation"), () => StartAsync(database, "organisation", middle, backward: true), false),
            ("Search \"zoe\", page 1", new("zoe", null, null), () => NoStart, true),
            ("Search \"gmail.com\", page 1", new("gmail.com", null, null), () => NoStart, false),
            ("Search \"Pharmacie\", page 1", new("Pharmacie", null, null), () => NoStart, true),
        };

        var summary = new List<string>();
        await using var presenca = new PresencaDatabase(database.AppConnectionString);
        foreach (var (name, query, start, count) in cases)
        {
            var from = await start();
            await using var db = presenca.CreateContext(caller);
            await using var transaction = await db.Database.BeginTransactionAsync();
            using var capture = new CommandCapture();
            await query.PageAsync(db, from);
            if (count)
            {
                await query.CountAsync(db, CountedAtMost);
            }

            foreach (var (statement, index) in capture.Commands.Select((c, i) => (c, i + 1)))
            {
                var plan = await ExplainAsync((NpgsqlConnection)db.Database.GetDbConnection(), statement);
                var title = capture.Commands.Count == 1 ? name : $"{name}, statement {index} of {capture.Commands.Count}";
                Console.WriteLine();
                Console.WriteLine($"### {title}");
                Console.WriteLine("```");
                Console.WriteLine(Regex.Replace(statement.Text, @"\s+", " "));
                plan.ForEach(Console.WriteLine);
                Console.WriteLine("```");
                summary.Add($"| {title} | {Figure(plan, "Planning Time")} | {Figure(plan, "Execution Time")} |");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| Statement of a page change (as the app, RLS) | planning (ms) | execution (ms) |");
        Console.WriteLine("|---|---:|---:|");
        summary.ForEach(Console.WriteLine);
    }

    private static Task<ContactPageStart?> NoStart => Task.FromResult<ContactPageStart?>(null);

    /// <summary>The contact at <paramref name="offset"/> in the order, as the grid's row would carry it.</summary>
    private static async Task<ContactPageStart?> StartAsync(BenchDatabase database, string sort, long offset, bool backward)
    {
        var order = sort switch
        {
            "recent" => "created_at desc, id desc",
            // ContactListQuery's company order: name, company, address; contacts without a company last.
            "organisation" => "organization_id is null, organization_name, organization_id, email_lower, id",
            _ => "email_lower, id",
        };
        await using var owner = new NpgsqlConnection(database.OwnerConnectionString);
        await owner.OpenAsync();
        await using var command = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"""
            select c.id, c.email, c.email_lower, c.organization_id, c.organization_name, c.desinscrit, c.created_at
            from contacts c join clients k on k.client_id = c.client_id
            where k.client_nom = @agency order by {order} offset {Math.Max(0, offset)} limit 1
            """), owner);
        command.Parameters.AddWithValue("agency", DemoAccounts.AgenceNordNom);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var row = new ContactRow(
            reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
            reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetBoolean(5), reader.GetFieldValue<DateTimeOffset>(6));
        return new ContactPageStart(row, backward);
    }

    private static async Task<Caller> CallerAsync(string ownerConnectionString)
    {
        await using var owner = new NpgsqlConnection(ownerConnectionString);
        await owner.OpenAsync();
        await using var who = new NpgsqlCommand("select id, organisation_id, client_id from users where email = @email", owner);
        who.Parameters.AddWithValue("email", DemoAccounts.Collaborateur.Email);
        await using var reader = await who.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Caller(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), UserRole.CollaborateurAgence);
    }

    private static async Task<List<string>> ExplainAsync(NpgsqlConnection connection, CapturedCommand statement)
    {
        await using var command = new NpgsqlCommand("explain (analyze, buffers, timing off) " + statement.Text, connection);
        command.Parameters.AddRange(statement.Parameters.ToArray());
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return plan;
    }

    private static string Figure(List<string> plan, string label) =>
        plan.Select(line => Regex.Match(line, "^" + label + @": ([0-9.]+) ms")).FirstOrDefault(m => m.Success)?.Groups[1].Value ?? "?";

    private sealed record CapturedCommand(string Text, IReadOnlyList<NpgsqlParameter> Parameters);

    /// <summary>The SELECTs EF sends while it is alive (those that set the caller are not queries of the page).</summary>
    private sealed class CommandCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];

        public CommandCapture() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

        public List<CapturedCommand> Commands { get; } = [];

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                _subscriptions.Add(value.Subscribe(this, name => name == RelationalEventId.CommandExecuting.Name));
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value is CommandEventData { Command: DbCommand command } && command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                Commands.Add(new CapturedCommand(command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose() => _subscriptions.ForEach(s => s.Dispose());
    }
}
