using Presenca.Web.Brevo;
using Presenca.Web.Tests.Campaigns;
using Presenca.Web.Tests.Fakes;

namespace Presenca.Web.Tests.Contacts;

/// <summary>An address with an internationalised domain is stored in Unicode and handed to Brevo in punycode (issue 13, item 11).</summary>
public sealed class InternationalisedAddressSendingTests : IAsyncLifetime
{
    private FakeBrevoServer _brevo = null!;

    public async Task InitializeAsync() => _brevo = await FakeBrevoServer.StartAsync();

    public async Task DisposeAsync() => await _brevo.DisposeAsync();

    [Fact]
    public async Task Brevo_receives_an_idn_recipient_in_punycode_and_a_plain_one_unchanged()
    {
        var client = new BrevoClient(new HttpClient { BaseAddress = BrevoServices.WithTrailingSlash(_brevo.BaseUrl) });

        await client.SendAsync(FakeBrevoServer.ValidApiKey, CampaignTestData.Batch("idn@bücher.ch", "Jean@exemple.fr"), CancellationToken.None);

        Assert.Equal(["idn@xn--bcher-kva.ch", "Jean@exemple.fr"], _brevo.Deliveries.Select(d => d.Recipient));
    }
}
