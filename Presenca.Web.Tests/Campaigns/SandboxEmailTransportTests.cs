using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Presenca.Data.Campaigns;
using Presenca.Web.Campaigns.Sending;
using Presenca.Web.Campaigns.Webhooks;
using Presenca.Web.Tests.Fakes;

namespace Presenca.Web.Tests.Campaigns;

public sealed class SandboxEmailTransportTests
{
    /// <summary>Applies events with the real rules to an in-memory status per recipient.</summary>
    private sealed class RecordingHandler : IEmailEventHandler
    {
        public ConcurrentQueue<BrevoWebhookEvent> Events { get; } = new();

        public ConcurrentDictionary<string, EmailSentStatus> Statuses { get; } = new();

        public Task HandleAsync(IReadOnlyList<ScheduledEmailEvent> events, CancellationToken cancellationToken)
        {
            foreach (var emailEvent in events.OrderBy(e => e.Due).Select(e => e.Event))
            {
                Events.Enqueue(emailEvent);
                var proposed = EmailEventRules.EffectOf(emailEvent.Kind).ProvesStatus;
                Statuses.AddOrUpdate(
                    emailEvent.Email,
                    _ => EmailEventRules.Advance(EmailSentStatus.Sending, proposed),
                    (_, current) => EmailEventRules.Advance(current, proposed));
            }

            return Task.CompletedTask;
        }
    }

    private static SandboxEmailTransport Sandbox(RecordingHandler handler, int rateLimitEvery = 0) =>
        new(
            handler,
            new SandboxOptions { RateLimitEveryNthCall = rateLimitEvery, EventSpread = TimeSpan.FromMilliseconds(50), BounceRate = 0, OpenRate = 1 },
            TimeProvider.System,
            NullLogger<SandboxEmailTransport>.Instance);

    [Fact]
    public async Task Accepted_batch_plays_delivery_events_through_the_webhook_handling_code()
    {
        var handler = new RecordingHandler();
        var sandbox = Sandbox(handler);
        var batch = CampaignTestData.Batch("marie@soleil.fr", "bounce@soleil.fr", "paul@soleil.fr");

        var outcome = await sandbox.SendAsync(batch, CancellationToken.None);

        var ids = Assert.IsType<EmailSendOutcome.Accepted>(outcome).MessageIds;
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(EmailSentStatus.Delivered, handler.Statuses["marie@soleil.fr"]);
        Assert.Equal(EmailSentStatus.Bounced, handler.Statuses["bounce@soleil.fr"]);
        Assert.Equal(EmailSentStatus.Delivered, handler.Statuses["paul@soleil.fr"]);
        Assert.Contains(handler.Events, e => e.Kind == BrevoEventKind.UniqueOpened && e.Email == "paul@soleil.fr");
        Assert.DoesNotContain(handler.Events, e => e.Kind == BrevoEventKind.Delivered && e.Email == "bounce@soleil.fr");
        Assert.All(handler.Events, e => Assert.Equal(new MailinCustom(batch.CampaignId, batch.BatchId), e.Custom));
        Assert.Equal(ids[1], handler.Events.First(e => e.Email == "bounce@soleil.fr").MessageId);
    }

    [Fact]
    public async Task A_batch_sent_again_gets_the_same_ids_and_plays_no_event_twice()
    {
        var handler = new RecordingHandler();
        var sandbox = Sandbox(handler);
        var batch = CampaignTestData.Batch("marie@soleil.fr");

        var first = await sandbox.SendAsync(batch, CancellationToken.None);
        var again = await sandbox.SendAsync(batch, CancellationToken.None);

        Assert.Equal(Assert.IsType<EmailSendOutcome.Accepted>(first).MessageIds, Assert.IsType<EmailSendOutcome.Accepted>(again).MessageIds);
        Assert.Single(handler.Events, e => e.Kind == BrevoEventKind.Delivered);
    }

    [Fact]
    public async Task Like_Brevo_the_sandbox_forgets_a_batch_after_the_30_minute_idempotency_window()
    {
        var handler = new RecordingHandler();
        var clock = new RecordingTimeProvider(DateTimeOffset.UtcNow);
        var sandbox = new SandboxEmailTransport(
            handler, new SandboxOptions { RateLimitEveryNthCall = 0, BounceRate = 0 }, clock, NullLogger<SandboxEmailTransport>.Instance);
        var batch = CampaignTestData.Batch("marie@soleil.fr");

        var first = await sandbox.SendAsync(batch, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(31));
        var late = await sandbox.SendAsync(batch, CancellationToken.None);

        Assert.NotEqual(Assert.IsType<EmailSendOutcome.Accepted>(first).MessageIds, Assert.IsType<EmailSendOutcome.Accepted>(late).MessageIds);
        Assert.Equal(2, handler.Events.Count(e => e.Kind == BrevoEventKind.Delivered));
    }

    [Fact]
    public async Task A_malformed_address_is_refused_like_Brevo_refuses_it_and_plays_nothing()
    {
        var handler = new RecordingHandler();
        var sandbox = Sandbox(handler);

        var outcome = await sandbox.SendAsync(CampaignTestData.Batch("a@soleil.fr", "pas-une-adresse"), CancellationToken.None);

        Assert.Equal("invalid_parameter", Assert.IsType<EmailSendOutcome.Rejected>(outcome).Code);
        Assert.Empty(handler.Events);
    }

    [Fact]
    public async Task Every_nth_call_is_rate_limited_like_a_busy_Brevo_and_plays_nothing()
    {
        var handler = new RecordingHandler();
        var sandbox = Sandbox(handler, rateLimitEvery: 2);

        var first = await sandbox.SendAsync(CampaignTestData.Batch("a@soleil.fr"), CancellationToken.None);
        var second = await sandbox.SendAsync(CampaignTestData.Batch("b@soleil.fr"), CancellationToken.None);

        Assert.IsType<EmailSendOutcome.Accepted>(first);
        Assert.IsType<EmailSendOutcome.RateLimited>(second);
        Assert.DoesNotContain(handler.Events, e => e.Email == "b@soleil.fr");
    }
}
