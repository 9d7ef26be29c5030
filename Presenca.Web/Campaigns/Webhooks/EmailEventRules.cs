using Presenca.Data.Campaigns;
using Presenca.Web.Campaigns.Sending;

namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>What an event does to the contact, beyond its emails_sent row.</summary>
public enum ContactEffect
{
    None,

    /// <summary>The address does not exist: excluded from every later audience.</summary>
    MarkHardBounced,

    /// <summary>The person asked not to be emailed (unsubscribe, or a spam complaint).</summary>
    MarkUnsubscribed,
}

/// <summary>Engagement worth a timestamp on the emails_sent row (first one wins).</summary>
public enum Engagement
{
    None,
    Opened,
    Clicked,
}

/// <param name="ProvesStatus">The status the event proves, or null when it proves nothing new (deferred, soft bounce).</param>
/// <param name="KeepsReason">Store the event's <c>reason</c> on the row (bounces, blocks, deferrals).</param>
public sealed record EmailEventEffect(EmailSentStatus? ProvesStatus, ContactEffect Contact, Engagement Engagement, bool KeepsReason);

/// <summary>
/// How Brevo's delivery events change a recipient. Pure rules, so that the webhook endpoint,
/// the sandbox and the pipeline apply exactly the same ones.
/// </summary>
/// <remarks>
/// Brevo may send an event twice and in any order (a <c>request</c> can arrive after
/// <c>delivered</c>, an <c>opened</c> before <c>delivered</c>). So an event never sets a status
/// directly: it proposes the status it proves, and <see cref="Advance"/> keeps the further one.
/// The pipeline's own "accepted by Brevo, now sent" update goes through the same rule, because
/// a fast webhook can deliver before the worker has written <c>sent</c>.
/// </remarks>
public static class EmailEventRules
{
    public static EmailEventEffect EffectOf(BrevoEventKind kind) => kind switch
    {
        BrevoEventKind.Request => new(EmailSentStatus.Sent, ContactEffect.None, Engagement.None, false),
        BrevoEventKind.Delivered => new(EmailSentStatus.Delivered, ContactEffect.None, Engagement.None, false),

        // Temporary: Brevo keeps trying, and a final delivered or hard_bounce follows.
        BrevoEventKind.Deferred or BrevoEventKind.SoftBounce => new(null, ContactEffect.None, Engagement.None, true),

        BrevoEventKind.HardBounce => new(EmailSentStatus.Bounced, ContactEffect.MarkHardBounced, Engagement.None, true),
        BrevoEventKind.InvalidEmail or BrevoEventKind.Blocked or BrevoEventKind.Error =>
            new(EmailSentStatus.Failed, ContactEffect.None, Engagement.None, true),

        // A complaint comes from someone who received the email; sending them more would hurt the
        // sender's reputation, so it unsubscribes them like the link would (Brevo blocklists them too).
        BrevoEventKind.Complaint => new(EmailSentStatus.Delivered, ContactEffect.MarkUnsubscribed, Engagement.None, false),

        BrevoEventKind.Opened or BrevoEventKind.UniqueOpened => new(EmailSentStatus.Delivered, ContactEffect.None, Engagement.Opened, false),

        // A privacy proxy (Apple Mail) fetched the images: proof of delivery, not of a reader.
        BrevoEventKind.ProxyOpen or BrevoEventKind.UniqueProxyOpen => new(EmailSentStatus.Delivered, ContactEffect.None, Engagement.None, false),

        BrevoEventKind.Click => new(EmailSentStatus.Delivered, ContactEffect.None, Engagement.Clicked, false),
        BrevoEventKind.Unsubscribed => new(EmailSentStatus.Delivered, ContactEffect.MarkUnsubscribed, Engagement.None, false),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// The status to keep when <paramref name="proposed"/> arrives for a recipient now in
    /// <paramref name="current"/>. Forward along pending → sending → sent → delivered; failed and
    /// bounced are final; a delivered email can still bounce (late asynchronous bounce) but can
    /// no longer fail. Applying the same proposal twice changes nothing.
    /// </summary>
    public static EmailSentStatus Advance(EmailSentStatus current, EmailSentStatus? proposed)
    {
        if (proposed is not { } next || IsFinal(current))
        {
            return current;
        }

        return next switch
        {
            EmailSentStatus.Bounced => next,
            EmailSentStatus.Failed => current == EmailSentStatus.Delivered ? current : next,
            _ => Rank(next) > Rank(current) ? next : current,
        };
    }

    /// <summary>Failed and bounced recipients are done: no event and no retry changes them.</summary>
    public static bool IsFinal(EmailSentStatus status) => status is EmailSentStatus.Failed or EmailSentStatus.Bounced;

    private static int Rank(EmailSentStatus status) => status switch
    {
        EmailSentStatus.Pending => 0,
        EmailSentStatus.Sending => 1,
        EmailSentStatus.Sent => 2,
        EmailSentStatus.Delivered => 3,
        _ => 4,
    };
}
