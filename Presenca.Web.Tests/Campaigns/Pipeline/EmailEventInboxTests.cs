using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Presenca.Web.Campaigns.Webhooks;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// Brevo's batched webhook goes into the durable inbox in one insert and is applied a chunk at a
/// time, set-based: duplicates and out-of-order events within one chunk give what applying them
/// one by one gives, the campaign is announced once per chunk, and an event whose recipient is not
/// known yet stays in the inbox until it is. The inbox's own worker is off here: the test applies
/// each chunk itself, so it sees the inbox before and after.
/// </summary>
public sealed class EmailEventInboxTests : IAsyncLifetime
{
    private const string Secret = "secret-webhook-inbox-0123456789";
    private PipelineHarness _harness = null!;
    private HttpClient _client = null!;
    private Guid _campaign;

    public async Task InitializeAsync()
    {
        _harness = await PipelineHarness.StartAsync(contacts: 6, batchSize: 50, inProcessWorker: true,
            extraSettings: new Dictionary<string, string?> { ["Presenca:Campaigns:Events:Enabled"] = "false" });
        await _harness.SetWebhookSecretAsync(Secret);
        _campaign = await _harness.CreateCampaignAsync();
        await _harness.StartCampaignAsync(_campaign);
        await _harness.WaitForStatusAsync(_campaign, "sent");
        _client = _harness.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _harness.DisposeAsync();
    }

    private EmailEventApplier Applier => _harness.Services.GetRequiredService<EmailEventApplier>();

    [Fact]
    public async Task A_batched_call_is_stored_in_one_insert_then_applied_as_one_chunk_like_one_event_at_a_time()
    {
        var events = new[]
        {
            // Out of order, repeated: delivered before its request, twice, then an open.
            Event("delivered", 1), Event("request", 1), Event("delivered", 1), Event("unique_opened", 1),
            // Final first: a late soft bounce keeps neither its reason nor a way back, a late delivered stays "bounced".
            Event("hard_bounce", 2, reason: "550 utilisateur inconnu"), Event("soft_bounce", 2, reason: "421 plus tard"), Event("delivered", 2),
            Event("unsubscribed", 3), Event("unsubscribed", 3),
            Event("click", 4), Event("click", 4), Event("opened", 4),
        };

        var response = await PostAsync("[" + string.Join(",", events) + "]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Stored, in one transaction (one now()), nothing applied yet.
        Assert.Equal("12|1", await _harness.Database.QueryAsOwnerAsync<string>(
            "select count(*) || '|' || count(distinct received_at) from email_event_inbox"));
        Assert.Equal("sent", await StatusAsync(1));

        // Whatever the send held back is announced now, so that only the chunk's announcements follow.
        await _harness.Database.QueryAsOwnerAsync<int>("select flush_campaign_progress()");
        await using var listener = await ListenAsync();
        var chunk = await Applier.ApplyNextChunkAsync(CancellationToken.None);

        Assert.Equal((12, 12, 0), (chunk.Claimed, chunk.Applied, chunk.Retried));
        Assert.Equal([_campaign], chunk.Campaigns);
        Assert.Equal(0, await _harness.Database.QueryAsOwnerAsync<long>("select count(*) from email_event_inbox"));
        Assert.Equal("delivered|t|f", await RecipientAsync(1));
        Assert.Equal("bounced|f|f|550 utilisateur inconnu", await RecipientAsync(2) + "|" + await ReasonAsync(2));
        Assert.Equal("delivered|f|f", await RecipientAsync(3));
        Assert.Equal("delivered|t|t", await RecipientAsync(4));
        Assert.True(await _harness.Database.QueryAsOwnerAsync<bool>("select hard_bounced from contacts where email = 'destinataire2@exemple.fr'"));
        Assert.Equal(_campaign, await _harness.Database.QueryAsOwnerAsync<Guid>(
            "select desinscrit_campaign_id from contacts where email = 'destinataire3@exemple.fr' and desinscrit"));
        // total, sent, delivered, bounced, opened, clicked, unsubscribed: each recipient counted once.
        Assert.Equal("6|2|3|1|2|1|1", await _harness.Database.QueryAsOwnerAsync<string>($"""
            select concat_ws('|', total_recipients, sent_count, delivered_count, bounced_count, opened_count, clicked_count, unsubscribed_count)
            from email_campaigns where id = '{_campaign}'
            """));
        // One announcement for the chunk, not one per event.
        Assert.Equal(1, await NotificationsForCampaignAsync(listener));

        // The same call again changes nothing.
        await PostAsync("[" + string.Join(",", events) + "]");
        await Applier.ApplyNextChunkAsync(CancellationToken.None);
        Assert.Equal("6|2|3|1|2|1|1", await _harness.Database.QueryAsOwnerAsync<string>($"""
            select concat_ws('|', total_recipients, sent_count, delivered_count, bounced_count, opened_count, clicked_count, unsubscribed_count)
            from email_campaigns where id = '{_campaign}'
            """));
    }

    [Fact]
    public async Task An_event_whose_message_id_is_not_recorded_yet_stays_in_the_inbox_and_applies_once_it_is()
    {
        // As when Brevo's webhook beats the worker that records the message ids of a batch.
        await _harness.Database.ExecuteAsOwnerAsync($"update emails_sent set brevo_message_id = null where campaign_id = '{_campaign}' and recipient_email = 'destinataire5@exemple.fr'");
        await PostAsync(Event("delivered", 5, messageId: "<tardif.5@smtp-relay.mailin.fr>", custom: false));

        var early = await Applier.ApplyNextChunkAsync(CancellationToken.None);

        Assert.Equal((1, 0, 1), (early.Claimed, early.Applied, early.Retried));
        Assert.Equal("sent", await StatusAsync(5));
        // Looked at once, due again later, not set aside.
        Assert.Equal("1|true|false", await _harness.Database.QueryAsOwnerAsync<string>(
            "select attempts || '|' || (next_attempt_at > received_at) || '|' || (gave_up_at is not null) from email_event_inbox"));

        await _harness.Database.ExecuteAsOwnerAsync($"update emails_sent set brevo_message_id = '<tardif.5@smtp-relay.mailin.fr>' where campaign_id = '{_campaign}' and recipient_email = 'destinataire5@exemple.fr'");
        // The backoff has passed.
        await _harness.Database.ExecuteAsOwnerAsync("update email_event_inbox set next_attempt_at = now()");
        var late = await Applier.ApplyNextChunkAsync(CancellationToken.None);

        Assert.Equal((1, 1, 0), (late.Claimed, late.Applied, late.Retried));
        Assert.Equal("delivered", await StatusAsync(5));
        Assert.Equal(1, await _harness.Database.QueryAsOwnerAsync<int>($"select delivered_count from email_campaigns where id = '{_campaign}'"));
        Assert.Equal(0, await _harness.Database.QueryAsOwnerAsync<long>("select count(*) from email_event_inbox"));
    }

    [Fact]
    public async Task An_event_that_never_finds_its_recipient_is_set_aside_after_the_last_attempt_not_lost()
    {
        await PostAsync(Event("delivered", 6, messageId: "<pas-de-presenca@smtp-relay.mailin.fr>", custom: false, email: "inconnu@ailleurs.fr"));
        await _harness.Database.ExecuteAsOwnerAsync("update email_event_inbox set attempts = 19");

        var last = await Applier.ApplyNextChunkAsync(CancellationToken.None);

        Assert.Equal(1, last.Retried);
        Assert.Equal("20|true", await _harness.Database.QueryAsOwnerAsync<string>(
            "select attempts || '|' || (gave_up_at is not null) from email_event_inbox where email = 'inconnu@ailleurs.fr'"));
        await _harness.Database.ExecuteAsOwnerAsync("update email_event_inbox set next_attempt_at = now()");
        Assert.Equal(0, (await Applier.ApplyNextChunkAsync(CancellationToken.None)).Claimed);
    }

    private string Event(string name, int recipient, string? reason = null, string? messageId = null, bool custom = true, string? email = null)
    {
        var payload = new Dictionary<string, object?>
        {
            ["event"] = name,
            ["email"] = email ?? $"destinataire{recipient}@exemple.fr",
            ["id"] = 1,
            ["message-id"] = messageId ?? $"<inconnu.{recipient}@exemple>",
            ["ts_event"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["reason"] = reason,
        };
        if (custom)
        {
            payload["X-Mailin-custom"] = $"presenca;campaign={_campaign:D};batch={Guid.NewGuid():D}";
        }

        return JsonSerializer.Serialize(payload);
    }

    private async Task<HttpResponseMessage> PostAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/brevo/{_harness.ConnexionId}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Secret);
        return await _client.SendAsync(request);
    }

    private Task<string> StatusAsync(int recipient) =>
        _harness.Database.QueryAsOwnerAsync<string>($"select status from emails_sent where campaign_id = '{_campaign}' and recipient_email = 'destinataire{recipient}@exemple.fr'");

    /// <summary>Status | opened | clicked.</summary>
    private Task<string> RecipientAsync(int recipient) =>
        _harness.Database.QueryAsOwnerAsync<string>($"""
            select concat_ws('|', status, case when opened_at is null then 'f' else 't' end, case when clicked_at is null then 'f' else 't' end)
            from emails_sent where campaign_id = '{_campaign}' and recipient_email = 'destinataire{recipient}@exemple.fr'
            """);

    private Task<string> ReasonAsync(int recipient) =>
        _harness.Database.QueryAsOwnerAsync<string>($"select failure_reason from emails_sent where campaign_id = '{_campaign}' and recipient_email = 'destinataire{recipient}@exemple.fr'");

    private async Task<NpgsqlConnection> ListenAsync()
    {
        var connection = new NpgsqlConnection(_harness.Database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var listen = new NpgsqlCommand("listen campaign_progress", connection);
        await listen.ExecuteNonQueryAsync();
        return connection;
    }

    // Notifications arrive in commit order: once a marker sent after the chunk has arrived, every
    // notification of the chunk has too.
    private async Task<int> NotificationsForCampaignAsync(NpgsqlConnection listener)
    {
        var count = 0;
        var marker = false;
        listener.Notification += (_, n) =>
        {
            if (n.Payload == "marqueur")
            {
                marker = true;
            }
            else if (n.Payload.Contains(_campaign.ToString(), StringComparison.Ordinal))
            {
                count++;
            }
        };
        await _harness.Database.ExecuteAsOwnerAsync("notify campaign_progress, 'marqueur'");
        while (!marker)
        {
            await listener.WaitAsync(TimeSpan.FromMinutes(1));
        }

        return count;
    }
}
