using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Presenca.Data.Migrations;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Migrations;

/// <summary>The runner that brings any database (empty or not) to the schema of migrations/.</summary>
public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly MigrationFolder _folder = new();
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateEmptyAsync();

    public async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        _folder.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Empty_database_gets_every_file_of_migrations_once_in_name_order_with_its_checksum_and_time()
    {
        var scripts = MigrationScript.LoadDirectory(MigrationFolder.Repository);
        var fileNames = MigrationFolder.RepositoryFileNames;
        var before = await _database.QueryAsOwnerAsync<DateTime>("select now()");

        var applied = await Runner(scripts).MigrateAsync();

        Assert.Equal(fileNames, applied);
        var journal = await ReadJournalAsync();
        Assert.Equal(fileNames, journal.Select(row => row.FileName));
        foreach (var row in journal)
        {
            var text = File.ReadAllText(Path.Combine(MigrationFolder.Repository, row.FileName)).ReplaceLineEndings("\n");
            Assert.Equal(row.FileName[..row.FileName.IndexOf('_')], row.Version);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), row.Checksum);
            Assert.True(row.AppliedAt >= before, $"{row.FileName} applied at {row.AppliedAt:O}, before the run started ({before:O})");
        }

        Assert.Equal("organisations", await _database.QueryAsOwnerAsync<string>("select to_regclass('organisations')::text"));
    }

    [Fact]
    public async Task Second_run_applies_nothing_and_leaves_the_journal_as_it_was()
    {
        var scripts = MigrationScript.LoadDirectory(MigrationFolder.Repository);
        await Runner(scripts).MigrateAsync();
        var journal = await ReadJournalAsync();

        var second = await Runner(MigrationScript.LoadDirectory(MigrationFolder.Repository)).MigrateAsync();

        Assert.Empty(second);
        Assert.Equal(journal, await ReadJournalAsync());
    }

    [Fact]
    public async Task Files_are_applied_in_name_order_not_in_the_order_they_were_written()
    {
        // 0010 needs the table of 0002, and 0002 is written last: only name order can succeed.
        _folder
            .With("0010_second.sql", "insert into applied_order (file_name) values ('0010_second.sql');")
            .With("0002_first.sql", "create table applied_order (id serial primary key, file_name text not null); insert into applied_order (file_name) values ('0002_first.sql');");

        var applied = await Runner(_folder.Load()).MigrateAsync();

        Assert.Equal(["0002_first.sql", "0010_second.sql"], applied);
        Assert.Equal("0002_first.sql,0010_second.sql", await _database.QueryAsOwnerAsync<string>("select string_agg(file_name, ',' order by id) from applied_order"));
    }

    [Fact]
    public async Task Two_runners_started_together_apply_each_file_exactly_once()
    {
        // The sleep keeps the first runner inside 0001 while the second one starts.
        _folder
            .With("0001_table.sql", "select pg_sleep(0.5); create table migration_effects (id serial primary key, note text not null);")
            .With("0002_row.sql", "insert into migration_effects (note) values ('applied');");
        var first = Runner(_folder.Load());
        var second = Runner(_folder.Load());

        var results = await Task.WhenAll(Task.Run(() => first.MigrateAsync()), Task.Run(() => second.MigrateAsync()));

        Assert.Equal(["0001_table.sql", "0002_row.sql"], results.SelectMany(r => r).Order(StringComparer.Ordinal));
        Assert.Equal(1L, await _database.QueryAsOwnerAsync<long>("select count(*) from migration_effects"));
        Assert.Equal(["0001", "0002"], (await ReadJournalAsync()).Select(row => row.Version));
    }

    [Fact]
    public async Task File_edited_after_it_was_applied_stops_the_runner_with_its_name()
    {
        _folder.With("0001_contacts.sql", "create table edited_later (id int);");
        await Runner(_folder.Load()).MigrateAsync();
        _folder.With("0001_contacts.sql", "create table edited_later (id int, email text);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(_folder.Load()).MigrateAsync());

        Assert.Contains("0001_contacts.sql", error.Message);
        Assert.Contains("modifiée", error.Message);
        Assert.Equal(1L, await _database.QueryAsOwnerAsync<long>(
            "select count(*) from information_schema.columns where table_name = 'edited_later'"));
    }

    [Fact]
    public async Task File_edited_after_it_was_applied_stops_it_even_when_a_new_file_follows()
    {
        _folder.With("0001_first.sql", "create table first_table (id int);");
        await Runner(_folder.Load()).MigrateAsync();
        _folder
            .With("0001_first.sql", "create table first_table (id bigint);")
            .With("0002_next.sql", "create table next_table (id int);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(_folder.Load()).MigrateAsync());

        Assert.Contains("0001_first.sql", error.Message);
        Assert.True(await _database.QueryAsOwnerAsync<bool>("select to_regclass('next_table') is null"));
    }

    [Fact]
    public async Task Applied_migration_whose_file_disappeared_stops_the_runner_with_its_version()
    {
        _folder.With("0001_first.sql", "create table first_table (id int);").With("0002_gone.sql", "create table gone_table (id int);");
        await Runner(_folder.Load()).MigrateAsync();
        File.Delete(Path.Combine(_folder.Path, "0002_gone.sql"));

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(_folder.Load()).MigrateAsync());

        Assert.Contains("0002", error.Message);
    }

    [Fact]
    public void Two_files_with_the_same_number_are_refused_naming_both()
    {
        _folder.With("0003_contacts.sql", "select 1;").With("0003_campaigns.sql", "select 2;");

        var error = Assert.Throws<MigrationException>(() => _folder.Load());

        Assert.Contains("0003_contacts.sql", error.Message);
        Assert.Contains("0003_campaigns.sql", error.Message);
    }

    [Fact]
    public void File_without_a_version_number_is_refused_naming_it()
    {
        _folder.With("0001_first.sql", "select 1;").With("notes_contacts.sql", "select 2;");

        var error = Assert.Throws<MigrationException>(() => _folder.Load());

        Assert.Contains("notes_contacts.sql", error.Message);
    }

    [Fact]
    public async Task Migration_failing_part_way_leaves_nothing_behind_and_names_its_file()
    {
        _folder
            .With("0001_good.sql", "create table good_table (id int);")
            .With("0002_broken.sql", "create table half_done (id int);\ninsert into half_done values (1);\ncreate tabel oops (id int);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(_folder.Load()).MigrateAsync());

        Assert.Contains("0002_broken.sql", error.Message);
        Assert.True(await _database.QueryAsOwnerAsync<bool>("select to_regclass('half_done') is null"));
        Assert.Equal(["0001"], (await ReadJournalAsync()).Select(row => row.Version));
        Assert.Equal("good_table", await _database.QueryAsOwnerAsync<string>("select to_regclass('good_table')::text"));
    }

    [Fact]
    public async Task Migration_fixed_after_a_failure_is_applied_on_the_next_run()
    {
        _folder.With("0001_broken.sql", "create table retried (id int); select * from no_such_table;");
        await Assert.ThrowsAsync<MigrationException>(() => Runner(_folder.Load()).MigrateAsync());
        _folder.With("0001_broken.sql", "create table retried (id int);");

        var applied = await Runner(_folder.Load()).MigrateAsync();

        Assert.Equal(["0001_broken.sql"], applied);
        Assert.Equal("retried", await _database.QueryAsOwnerAsync<string>("select to_regclass('retried')::text"));
    }

    [Fact]
    public async Task Migrate_command_applies_the_schema_and_lists_the_files()
    {
        var (exitCode, output) = await RunMigrateCommandAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}");
        var files = MigrationFolder.RepositoryFileNames;
        foreach (var file in files)
        {
            Assert.Contains(file, output);
        }

        Assert.Equal("organisations", await _database.QueryAsOwnerAsync<string>("select to_regclass('organisations')::text"));
        Assert.Equal(files.Count, (int)await _database.QueryAsOwnerAsync<long>("select count(*) from schema_migrations"));
    }

    [Fact]
    public async Task Migrate_command_run_on_an_up_to_date_database_says_so()
    {
        await Runner(MigrationScript.Shipped).MigrateAsync();

        var (exitCode, output) = await RunMigrateCommandAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}");
        Assert.Contains("aucune migration à appliquer", output);
    }

    [Fact]
    public async Task Migrate_command_refuses_an_edited_migration_naming_it_without_a_stack_trace()
    {
        await Runner(MigrationScript.Shipped).MigrateAsync();
        await _database.ExecuteAsOwnerAsync("update schema_migrations set checksum = 'edited' where version = '0001'");

        var (exitCode, output) = await RunMigrateCommandAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("La migration 0001_tenancy.sql a été modifiée", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Migrate_command_says_when_postgres_cannot_be_reached()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(_database.OwnerConnectionString) { Port = 1, Timeout = 5 }.ConnectionString;

        var (exitCode, output) = await RunMigrateCommandAsync(unreachable);

        Assert.Equal(1, exitCode);
        Assert.Contains("PostgreSQL injoignable", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Web_app_refuses_to_start_when_an_applied_migration_was_edited()
    {
        await PresencaWebFactory.RunOwnAsync(new MigratingWebFactory(), async factory =>
        {
            // What the runner sees when 0002_identity.sql is edited: its checksum no longer matches the journal.
            await factory.Database.ExecuteAsOwnerAsync("update schema_migrations set checksum = 'edited' where version = '0002'");

            var error = Record.Exception(() => factory.CreateClient());

            Assert.NotNull(error);
            Assert.Contains("0002_identity.sql", Describe(error));
        });
    }

    private static string Describe(Exception error)
    {
        var messages = new List<string>();
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            messages.Add($"{current.GetType().Name}: {current.Message}");
        }

        return string.Join("\n", messages);
    }

    /// <summary>Runs the built app as a real process: <c>dotnet Presenca.Web.dll migrate</c>.</summary>
    private async Task<(int ExitCode, string Output)> RunMigrateCommandAsync(string? ownerConnectionString = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Presenca.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project copies the app beside itself.");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "migrate" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Presenca"] = _database.AppConnectionString;
        start.Environment["ConnectionStrings__PresencaOwner"] = ownerConnectionString ?? _database.OwnerConnectionString;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // A guard against a hung process, not a speed requirement.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await output + await errors);
    }

    private MigrationRunner Runner(IReadOnlyList<MigrationScript> scripts)
    {
        var dataSource = NpgsqlDataSource.Create(_database.OwnerConnectionString);
        _dataSources.Add(dataSource);
        return new MigrationRunner(dataSource, scripts, NullLogger.Instance);
    }

    private async Task<List<JournalRow>> ReadJournalAsync()
    {
        var rows = new List<JournalRow>();
        await using var connection = new NpgsqlConnection(_database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select version, file_name, checksum, applied_at from schema_migrations order by version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new JournalRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3)));
        }

        return rows;
    }

    private sealed record JournalRow(string Version, string FileName, string Checksum, DateTime AppliedAt);

    /// <summary>The app as production starts it: migrating before it serves anything.</summary>
    private sealed class MigratingWebFactory : PresencaWebFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings =>
            new Dictionary<string, string?> { ["Presenca:MigrateOnStartup"] = "true", ["Presenca:SeedDemo"] = "false" };
    }
}
