using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Connexions;

/// <summary>The app pointed at <see cref="FakeProviders"/>, every log line captured, a 1-second test deadline.</summary>
public sealed class ConnexionsWebFactory : PresencaWebFactory, IAsyncLifetime
{
    public FakeProviders Providers { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Presenca:Brevo:BaseUrl"] = Providers.BaseAddress.ToString(),
        ["Presenca:OpenAI:BaseUrl"] = Providers.BaseAddress.ToString(),
        ["Presenca:Instagram:BaseUrl"] = Providers.BaseAddress.ToString(),
        ["Presenca:Instagram:TokenDebugBaseUrl"] = Providers.BaseAddress.ToString(),
        ["Presenca:Zoho:BaseUrl"] = Providers.BaseAddress.ToString(),
        // Short, for the silent provider's case; long enough that a loaded CI machine answers the
        // other cases in time (1 s was not, once).
        ["Presenca:Connexions:TestTimeoutSeconds"] = "3",
    };

    public override async Task InitializeAsync()
    {
        Providers = await FakeProviders.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(Logs);
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Database.DisposeAsync();
        await Providers.DisposeAsync();
    }
}

/// <summary>Every message and exception the app logs, at every level.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
