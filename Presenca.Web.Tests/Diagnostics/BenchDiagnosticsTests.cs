using System.Net;
using System.Text.Json;
using Presenca.Web.Diagnostics;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Diagnostics;

/// <summary>The benchmarks' figures (heap, open circuits) exist only where a benchmark turns them on.</summary>
public sealed class BenchDiagnosticsTests
{
    [Fact]
    public async Task Without_the_setting_nobody_reads_the_diagnostics_not_even_from_the_machine_itself()
    {
        await WithKestrelAsync(new PresencaWebFactory(), async client =>
        {
            var response = await client.GetAsync("/_diagnostics/memory");

            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("managedHeapBytes", await response.Content.ReadAsStringAsync());
        });
    }

    [Fact]
    public async Task With_the_setting_the_machine_itself_reads_the_heap_and_the_open_circuits()
    {
        await WithKestrelAsync(new DiagnosticsWebFactory(), async client =>
        {
            using var memory = JsonDocument.Parse(await client.GetStringAsync("/_diagnostics/memory"));

            Assert.Equal(0, memory.RootElement.GetProperty("openCircuits").GetInt32());
            Assert.True(memory.RootElement.GetProperty("managedHeapBytes").GetInt64() > 0);
        });
    }

    // Over real HTTP on 127.0.0.1, as the benchmark asks: the in-memory test server has no client address.
    private static Task WithKestrelAsync(PresencaWebFactory factory, Func<HttpClient, Task> test) =>
        PresencaWebFactory.RunOwnAsync(factory, async app =>
        {
            // Not following redirects: the sign-in page it would land on answers 200 too.
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.StartKestrel() };
            await test(client);
        });

    private sealed class DiagnosticsWebFactory : PresencaWebFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            [BenchDiagnostics.EnabledSetting] = "true",
        };
    }
}
