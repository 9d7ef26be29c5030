using Presenca.Data.Campaigns;
using Presenca.Web.Campaigns.Sending;
using Presenca.Web.Campaigns.Webhooks;
using static Presenca.Data.Campaigns.EmailSentStatus;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>How delivery events move a recipient, written as the rules users rely on.</summary>
public sealed class EmailEventRulesTests
{
    private static EmailSentStatus Apply(EmailSentStatus start, params BrevoEventKind[] events) =>
        events.Aggregate(start, (status, e) => EmailEventRules.Advance(status, EmailEventRules.EffectOf(e).ProvesStatus));

    [Fact]
    public void A_normal_life_goes_sent_then_delivered()
    {
        Assert.Equal(Delivered, Apply(Sending, BrevoEventKind.Request, BrevoEventKind.Delivered, BrevoEventKind.Opened, BrevoEventKind.Click));
    }

    [Fact]
    public void A_late_request_never_downgrades_delivered()
    {
        Assert.Equal(Delivered, Apply(Sending, BrevoEventKind.Delivered, BrevoEventKind.Request));
    }

    [Fact]
    public void The_same_event_twice_changes_nothing_more()
    {
        Assert.Equal(Apply(Sent, BrevoEventKind.Delivered), Apply(Sent, BrevoEventKind.Delivered, BrevoEventKind.Delivered));
    }

    [Fact]
    public void An_open_arriving_before_delivered_proves_delivery()
    {
        Assert.Equal(Delivered, Apply(Sent, BrevoEventKind.Opened));
        Assert.Equal(Delivered, Apply(Sent, BrevoEventKind.ProxyOpen));
    }

    [Fact]
    public void A_hard_bounce_is_final_even_if_a_delivered_arrives_after_it()
    {
        Assert.Equal(Bounced, Apply(Sent, BrevoEventKind.HardBounce, BrevoEventKind.Delivered, BrevoEventKind.Request));
    }

    [Fact]
    public void A_late_asynchronous_bounce_turns_delivered_into_bounced()
    {
        Assert.Equal(Bounced, Apply(Sent, BrevoEventKind.Delivered, BrevoEventKind.HardBounce));
    }

    [Fact]
    public void A_delivered_email_cannot_fail_afterwards()
    {
        Assert.Equal(Delivered, Apply(Sent, BrevoEventKind.Delivered, BrevoEventKind.Error));
    }

    [Theory]
    [InlineData(BrevoEventKind.Blocked)]
    [InlineData(BrevoEventKind.InvalidEmail)]
    [InlineData(BrevoEventKind.Error)]
    public void Refusals_before_delivery_fail_the_recipient_and_keep_the_reason(BrevoEventKind kind)
    {
        Assert.Equal(Failed, Apply(Sent, kind));
        Assert.True(EmailEventRules.EffectOf(kind).KeepsReason);
    }

    [Theory]
    [InlineData(BrevoEventKind.Deferred)]
    [InlineData(BrevoEventKind.SoftBounce)]
    public void Temporary_problems_change_no_status_but_keep_the_reason(BrevoEventKind kind)
    {
        Assert.Equal(Sent, Apply(Sent, kind));
        Assert.True(EmailEventRules.EffectOf(kind).KeepsReason);
    }

    [Fact]
    public void Hard_bounce_marks_the_contact_so_later_audiences_exclude_it()
    {
        Assert.Equal(ContactEffect.MarkHardBounced, EmailEventRules.EffectOf(BrevoEventKind.HardBounce).Contact);
    }

    [Fact]
    public void Unsubscribe_and_spam_complaint_mark_the_contact_unsubscribed()
    {
        Assert.Equal(ContactEffect.MarkUnsubscribed, EmailEventRules.EffectOf(BrevoEventKind.Unsubscribed).Contact);
        Assert.Equal(ContactEffect.MarkUnsubscribed, EmailEventRules.EffectOf(BrevoEventKind.Complaint).Contact);
    }

    [Fact]
    public void Only_hard_bounce_unsubscribe_and_complaint_touch_the_contact()
    {
        var touching = Enum.GetValues<BrevoEventKind>().Where(k => EmailEventRules.EffectOf(k).Contact != ContactEffect.None);

        Assert.Equal([BrevoEventKind.HardBounce, BrevoEventKind.Complaint, BrevoEventKind.Unsubscribed], touching);
    }

    [Fact]
    public void Human_opens_and_clicks_are_engagement_but_proxy_opens_are_not()
    {
        Assert.Equal(Engagement.Opened, EmailEventRules.EffectOf(BrevoEventKind.UniqueOpened).Engagement);
        Assert.Equal(Engagement.Clicked, EmailEventRules.EffectOf(BrevoEventKind.Click).Engagement);
        Assert.Equal(Engagement.None, EmailEventRules.EffectOf(BrevoEventKind.UniqueProxyOpen).Engagement);
    }

    [Fact]
    public void The_pipeline_writing_sent_after_a_fast_webhook_delivered_keeps_delivered()
    {
        Assert.Equal(Delivered, EmailEventRules.Advance(Delivered, Sent));
    }

    [Fact]
    public void Failed_and_bounced_are_final()
    {
        Assert.All(Enum.GetValues<EmailSentStatus>(), proposed =>
        {
            Assert.Equal(Failed, EmailEventRules.Advance(Failed, proposed));
            Assert.Equal(Bounced, EmailEventRules.Advance(Bounced, proposed));
        });
    }
}
