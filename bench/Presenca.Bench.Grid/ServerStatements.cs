using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Presenca.Bench.Grid;

/// <summary>
/// The server's side of the same page changes: pg_stat_statements (preloaded by bench/grid.sh)
/// reset before the browser starts, read after it, for the statements that read contacts or
/// companies: how often each ran and how long PostgreSQL took (execution only, no network).
/// </summary>
public static class ServerStatements
{
    public static async Task EnableAsync(string adminConnectionString)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("create extension if not exists pg_stat_statements", admin);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task ResetAsync(string adminConnectionString)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_stat_statements_reset()", admin);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task PrintAsync(string adminConnectionString)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select calls, mean_exec_time, max_exec_time, stddev_exec_time, rows / greatest(calls, 1), query
            from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database())
              and (query ilike '%from contacts%' or query ilike '%from contact_organizations%')
            order by total_exec_time desc limit 20
            """, admin);
        Console.WriteLine();
        Console.WriteLine("| Statement (pg_stat_statements, during the browser run) | calls | mean (ms) | max (ms) | stddev (ms) | rows/call |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Shorten(reader.GetString(5))} | {reader.GetInt64(0)} | {reader.GetDouble(1):0.00} | {reader.GetDouble(2):0.00} | {reader.GetDouble(3):0.00} | {reader.GetInt64(4)} |"));
        }
    }

    // What tells the statements apart: what they read and their own conditions and order, not
    // the column list nor the tenant filter every statement carries (it ends on the clients' reseau_id).
    private static string Shorten(string query)
    {
        var flat = Regex.Replace(query, @"\s+", " ").Replace("|", "\\|", StringComparison.Ordinal);
        const string tenantFilterEnd = "c0.reseau_id = $3";
        var end = flat.LastIndexOf(tenantFilterEnd, StringComparison.Ordinal);
        var text = end < 0 ? flat : flat[..Math.Min(flat.Length, 45)] + " … [tenant filter]" + flat[(end + tenantFilterEnd.Length)..].TrimStart(')');
        return text.Length > 300 ? text[..300] + " …" : text;
    }
}
