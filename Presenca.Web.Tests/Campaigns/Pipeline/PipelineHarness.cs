using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Tests.Fakes;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// A network with a Brevo connexion pointed at a <see cref="FakeBrevoServer"/>, contacts, and the
/// app over the same database with short leases and intervals. The app's own pipeline runs only
/// when asked (<c>inProcessWorker</c>); <see cref="StartWorkerProcess"/> runs more of them as real
/// child processes (<c>dotnet Presenca.Web.dll worker</c>) that a test may kill.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    public readonly Guid OrganisationId;
    public readonly Guid ReseauId = Guid.NewGuid();
    private readonly List<Process> _processes = [];
    private readonly Dictionary<string, string?> _settings;
    private PipelineWebFactory _app = null!;

    private PipelineHarness(TestDatabase database, FakeBrevoServer fake, Dictionary<string, string?> settings, Guid organisationId)
    {
        OrganisationId = organisationId;
        Database = database;
        Fake = fake;
        _settings = settings;
    }

    public TestDatabase Database { get; }

    public FakeBrevoServer Fake { get; }

    public Guid ConnexionId { get; private set; }

    public IServiceProvider Services => _app.Services;

    public static async Task<PipelineHarness> StartAsync(
        int contacts,
        int batchSize,
        bool inProcessWorker,
        int? dailyLimit = null,
        bool withApiKey = true,
        IReadOnlyDictionary<string, string?>? extraSettings = null,
        bool withConnexion = true,
        Guid? organisationId = null,
        bool kestrel = false)
    {
        var database = await TestDatabase.CreateAsync();
        var fake = await FakeBrevoServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Presenca:SeedDemo"] = "false",
            ["Presenca:MigrateOnStartup"] = "false",
            ["Presenca:Brevo:BaseUrl"] = fake.BaseUrl.ToString(),
            ["Presenca:PublicBaseUrl"] = PublicBaseUrl,
            ["Presenca:Campaigns:Pipeline:Enabled"] = inProcessWorker ? "true" : "false",
            ["Presenca:Campaigns:Pipeline:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Presenca:Campaigns:Pipeline:Lease"] = "00:00:03",
            ["Presenca:Campaigns:Pipeline:PollInterval"] = "00:00:00.100",
            ["Presenca:Campaigns:Pipeline:SchedulerInterval"] = "00:00:00.200",
            ["Presenca:Campaigns:Pipeline:CallsPerMinute"] = "6000",
            ["Presenca:Campaigns:Pipeline:Retry:FirstDelay"] = "00:00:00.200",
            ["Presenca:Campaigns:Pipeline:Retry:MaxDelay"] = "00:00:01",
            ["Presenca:Campaigns:Pipeline:Retry:MaxTransientAttempts"] = "100",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var harness = new PipelineHarness(database, fake, settings, organisationId ?? Guid.NewGuid());
        await harness.SeedAsync(contacts, dailyLimit, withApiKey, withConnexion, kestrel);
        return harness;
    }

    private async Task SeedAsync(int contacts, int? dailyLimit, bool withApiKey, bool withConnexion, bool kestrel)
    {
        await Database.ExecuteAsOwnerAsync($"""
            insert into organisations (organisation_id, organisation_nom) values ('{OrganisationId}', 'Réseau pipeline');
            insert into reseaux (reseau_id, organisation_id, reseau_nom) values ('{ReseauId}', '{OrganisationId}', 'Réseau pipeline');
            insert into contacts (organisation_id, client_id, email, organization_name)
              select '{OrganisationId}', '{ReseauId}', 'destinataire' || n || '@exemple.fr', 'Société ' || (n % 7)
              from generate_series(1, {contacts}) n;
            """);
        _app = new PipelineWebFactory(Database, _settings);
        if (kestrel)
        {
            // Before anything starts the in-memory server.
            KestrelAddress = _app.StartKestrel();
        }

        _ = _app.Services;
        if (!withConnexion)
        {
            return;
        }

        // Written through the app so the API key is encrypted with the shared key ring.
        await using var db = Services.GetRequiredService<PresencaDatabase>().CreateContext(PipelineCaller.Caller);
        var connexion = new BrevoConnexion
        {
            OrganisationId = OrganisationId,
            ClientType = ClientType.Reseau,
            ClientId = ReseauId,
            ApiKey = withApiKey ? FakeBrevoServer.ValidApiKey : null,
            EmailCompte = "campagnes@reseau-pipeline.fr",
            NomCompte = "Réseau pipeline",
            LimiteQuotidienne = dailyLimit,
        };
        db.BrevoConnexions.Add(connexion);
        await db.SaveChangesAsync();
        ConnexionId = connexion.ConnexionId;
    }

    /// <summary>Where unsubscribe links point (the workers' setting too).</summary>
    public const string PublicBaseUrl = "https://presenca.exemple.fr/";

    public HttpClient CreateClient() => _app.CreateClient();

    /// <summary>Where the app is served over real HTTP, when started with <c>kestrel</c> (for a browser).</summary>
    public Uri? KestrelAddress { get; private set; }

    public async Task SetWebhookSecretAsync(string secret)
    {
        await using var db = Services.GetRequiredService<PresencaDatabase>().CreateContext(PipelineCaller.Caller);
        var connexion = await db.BrevoConnexions.FindAsync(ConnexionId);
        connexion!.WebhookSecret = secret;
        await db.SaveChangesAsync();
    }

    public async Task<Guid> CreateCampaignAsync(string subject = "Bonjour {{organisation}}")
    {
        var id = Guid.NewGuid();
        await Database.ExecuteAsOwnerAsync($$$"""
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content)
            values ('{{{id}}}', '{{{OrganisationId}}}', '{{{ReseauId}}}', 'Campagne de test', '{{{subject}}}', '<p>Bonjour {{email}}</p>');
            """);
        return id;
    }

    /// <summary>How many contacts the campaign would go to now (the figure shown before "Envoyer").</summary>
    public async Task<int> AudienceAsync(Guid campaignId)
    {
        await using var db = Services.GetRequiredService<PresencaDatabase>().CreateContext(PipelineCaller.Caller);
        var campaign = await db.EmailCampaigns.AsNoTracking().SingleAsync(c => c.Id == campaignId);
        return await CampaignAudience.Of(campaign).CountAsync(db, CancellationToken.None);
    }

    public async Task<CampaignStart> StartCampaignAsync(Guid campaignId) =>
        await Services.GetRequiredService<CampaignStarter>().StartAsync(campaignId, CancellationToken.None);

    /// <summary>Waits for a status; the timeout only guards against a hung test.</summary>
    public Task WaitForStatusAsync(Guid campaignId, string status, TimeSpan? guard = null)
    {
        string? last = null;
        return Eventually.UntilAsync(
            async () => (last = await Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{campaignId}'")) == status,
            $"campaign '{status}'", guard ?? TimeSpan.FromMinutes(3), () => $"Still '{last}'. Worker output:\n{WorkerOutput}");
    }

    public Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.UntilAsync(condition, what, detail: () => $"Worker output:\n{WorkerOutput}");

    /// <summary>
    /// Waits until every event in the delivery-event inbox that is due has been looked at once
    /// (applied, or left for a later look because it matched no recipient yet).
    /// </summary>
    public Task WaitForEventInboxAsync() =>
        Eventually.UntilAsync(
            async () => await Database.QueryAsOwnerAsync<long>("select count(*) from email_event_inbox where attempts = 0 and next_attempt_at <= now()") == 0,
            "every due delivery event looked at");

    public async Task<Dictionary<string, long>> StatusCountsAsync(Guid campaignId)
    {
        var counts = new Dictionary<string, long>();
        await using var connection = new NpgsqlConnection(Database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select status, count(*) from emails_sent where campaign_id = '{campaignId}' group by status", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private readonly StringBuilder _output = new();

    public string WorkerOutput
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// An extra sending process, as operators run them: <c>presenca-worker.sh</c> beside
    /// Presenca.Web.dll (it execs <c>dotnet Presenca.Web.dll worker</c>, so the process is the worker).
    /// </summary>
    public Process StartWorkerProcess(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var start = new ProcessStartInfo("sh")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "presenca-worker.sh") },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__Presenca"] = Database.AppConnectionString;
        start.Environment["ConnectionStrings__PresencaOwner"] = Database.OwnerConnectionString;
        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Presenca__Campaigns__Pipeline__Enabled"] = "true";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        await _app.DisposeAsync();
        await Database.DisposeAsync();
        await Fake.DisposeAsync();
    }

    private sealed class PipelineWebFactory(TestDatabase database, IReadOnlyDictionary<string, string?> settings) : PresencaWebFactory(database)
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => settings;
    }
}
