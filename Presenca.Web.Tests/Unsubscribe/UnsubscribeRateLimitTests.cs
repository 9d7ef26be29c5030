using System.Net;
using Presenca.Web.Tests.Infrastructure;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Tests.Unsubscribe;

/// <summary>1,000 requests within a minute from one address: most are refused with a short French 429, and nobody's data moves.</summary>
public sealed class UnsubscribeRateLimitTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task A_thousand_requests_in_a_minute_from_one_address_get_429s_and_change_nothing()
    {
        var recipient = await DemoRecipient.OfAsync(factory, "Agence Lyon Nord");
        var valid = recipient.Path(factory);
        var everything = await DemoRecipient.EverythingAsync(factory.Database);
        using var http = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var started = DateTime.UtcNow;

        // Garbage tokens, pages of a real link, and one-click POSTs with a wrong body: nothing here
        // may change anything, limited or not.
        var statuses = new List<HttpStatusCode>();
        foreach (var round in Enumerable.Range(0, 50))
        {
            var requests = Enumerable.Range(0, 20).Select(i => (i % 4) switch
            {
                0 => http.GetAsync(valid),
                1 => http.PostAsync(valid, new FormUrlEncodedContent([new("List-Unsubscribe", "Non")])),
                2 => http.GetAsync($"/desinscription/devine-{round}-{i}"),
                _ => http.PostAsync($"/desinscription/devine-{round}-{i}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])),
            });
            statuses.AddRange((await Task.WhenAll(requests)).Select(r => r.StatusCode));
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(55), "the flood must fit in the limiter's minute");
        var limited = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        Assert.Equal(1000 - new UnsubscribeOptions().RequestsPerMinutePerIp, limited);

        // Within the same minute, even a proper one-click POST waits: the flood bought nothing.
        var refused = await http.PostAsync(valid, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(UnsubscribeServices.TooManyRequests, await refused.Content.ReadAsStringAsync());
        Assert.StartsWith("text/plain", refused.Content.Headers.ContentType?.ToString());
        Assert.Equal(everything, await DemoRecipient.EverythingAsync(factory.Database));

        // The rest of Presenca is not limited.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
    }
}
