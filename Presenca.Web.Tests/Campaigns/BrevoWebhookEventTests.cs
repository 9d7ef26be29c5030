using System.Text.Json;
using Presenca.Web.Campaigns.Sending;
using Presenca.Web.Campaigns.Webhooks;

namespace Presenca.Web.Tests.Campaigns;

public sealed class BrevoWebhookEventTests
{
    private static readonly Guid Campaign = Guid.Parse("8d7c2d7e-55a4-4a39-9f0e-0b1a7c7e1b11");
    private static readonly Guid Batch = Guid.Parse("0f5a1c3e-9a2b-4e8d-8c71-3d2e6b9f4a22");

    // A payload as Brevo documents it for a hard bounce.
    private static string HardBounce(string? without = null)
    {
        var fields = new Dictionary<string, object>
        {
            ["event"] = "hard_bounce",
            ["email"] = "marie@soleil.fr",
            ["id"] = 123456,
            ["date"] = "2026-11-21 06:45:12",
            ["ts"] = 1795671912,
            ["message-id"] = "<202611210545.1@smtp-relay.mailin.fr>",
            ["ts_event"] = 1795671912,
            ["ts_epoch"] = 1795671912345,
            ["subject"] = "Nos nouvelles offres",
            ["X-Mailin-custom"] = new MailinCustom(Campaign, Batch).Format(),
            ["tags"] = new[] { "campagne" },
            ["reason"] = "550 5.1.1 user unknown",
            ["sending_ip"] = "1.2.3.4",
        };
        if (without is not null)
        {
            fields.Remove(without);
        }

        return JsonSerializer.Serialize(fields);
    }

    private static BrevoWebhookEvent? Parse(string json, out string? refusal)
    {
        using var document = JsonDocument.Parse(json);
        return BrevoWebhookEvent.Parse(document.RootElement, out refusal);
    }

    [Fact]
    public void A_documented_payload_becomes_a_typed_event_with_Presenca_ids()
    {
        var parsed = Parse(HardBounce(), out var refusal);

        Assert.Null(refusal);
        Assert.NotNull(parsed);
        Assert.Equal(BrevoEventKind.HardBounce, parsed.Kind);
        Assert.Equal("marie@soleil.fr", parsed.Email);
        Assert.Equal("<202611210545.1@smtp-relay.mailin.fr>", parsed.MessageId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795671912345), parsed.OccurredAt);
        Assert.Equal(new MailinCustom(Campaign, Batch), parsed.Custom);
        Assert.Equal("550 5.1.1 user unknown", parsed.Reason);
        Assert.Equal(["campagne"], parsed.Tags);
        Assert.Equal(123456, parsed.WebhookId);
    }

    [Theory]
    [InlineData("event")]
    [InlineData("email")]
    [InlineData("message-id")]
    [InlineData("ts_event")]
    public void A_payload_missing_a_required_field_is_refused_naming_it(string field)
    {
        var parsed = Parse(HardBounce(without: field), out var refusal);

        Assert.Null(parsed);
        Assert.Equal($"Champs manquants : {field}.", refusal);
    }

    [Fact]
    public void Without_ts_epoch_the_time_comes_from_ts_event()
    {
        var parsed = Parse(HardBounce(without: "ts_epoch"), out _);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795671912), parsed!.OccurredAt);
    }

    [Fact]
    public void An_unknown_event_name_is_refused()
    {
        Assert.Null(Parse(HardBounce().Replace("hard_bounce", "teleported"), out var refusal));
        Assert.Equal("Événement inconnu : « teleported ».", refusal);
    }

    [Fact]
    public void An_email_not_sent_by_Presenca_has_no_Presenca_ids()
    {
        var parsed = Parse(HardBounce().Replace(new MailinCustom(Campaign, Batch).Format(), "{\\\"other\\\":1}"), out _);

        Assert.NotNull(parsed);
        Assert.Null(parsed.Custom);
    }

    [Theory]
    [InlineData("request", BrevoEventKind.Request)]
    [InlineData("delivered", BrevoEventKind.Delivered)]
    [InlineData("deferred", BrevoEventKind.Deferred)]
    [InlineData("soft_bounce", BrevoEventKind.SoftBounce)]
    [InlineData("invalid_email", BrevoEventKind.InvalidEmail)]
    [InlineData("blocked", BrevoEventKind.Blocked)]
    [InlineData("error", BrevoEventKind.Error)]
    [InlineData("spam", BrevoEventKind.Complaint)]
    [InlineData("complaint", BrevoEventKind.Complaint)]
    [InlineData("opened", BrevoEventKind.Opened)]
    [InlineData("unique_opened", BrevoEventKind.UniqueOpened)]
    [InlineData("proxy_open", BrevoEventKind.ProxyOpen)]
    [InlineData("click", BrevoEventKind.Click)]
    [InlineData("unsubscribed", BrevoEventKind.Unsubscribed)]
    public void Every_Brevo_event_name_is_understood(string name, BrevoEventKind kind)
    {
        Assert.Equal(kind, Parse(HardBounce().Replace("hard_bounce", name), out _)!.Kind);
    }

    [Fact]
    public void A_batched_webhook_gives_every_good_event_and_names_the_refused_ones()
    {
        using var document = JsonDocument.Parse($"[{HardBounce()},{HardBounce(without: "email")},{HardBounce().Replace("hard_bounce", "delivered")}]");

        var batch = BrevoWebhookEvent.ParseAll(document.RootElement);

        Assert.Equal([BrevoEventKind.HardBounce, BrevoEventKind.Delivered], batch.Events.Select(e => e.Kind));
        Assert.Equal(["Événement n° 2 : Champs manquants : email."], batch.Refusals);
    }

    [Fact]
    public void A_single_event_body_is_a_batch_of_one()
    {
        using var document = JsonDocument.Parse(HardBounce());

        var batch = BrevoWebhookEvent.ParseAll(document.RootElement);

        Assert.Single(batch.Events);
        Assert.Empty(batch.Refusals);
    }

    [Fact]
    public void A_body_that_is_not_an_object_is_refused()
    {
        Assert.Null(Parse("\"texte\"", out var refusal));
        Assert.NotNull(refusal);
    }
}
