namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>An event and how long after now it happens (the sandbox plays a batch's events over a few seconds).</summary>
public sealed record ScheduledEmailEvent(BrevoWebhookEvent Event, TimeSpan Due);

/// <summary>
/// Takes delivery events in: the sandbox transport hands a whole batch's events here at once, and
/// they reach recipients through the same inbox and applier as Brevo's webhooks
/// (<see cref="EmailEventInbox"/>, <see cref="EmailEventApplier"/>), so the demo moves through the
/// same code as production.
/// </summary>
public interface IEmailEventHandler
{
    Task HandleAsync(IReadOnlyList<ScheduledEmailEvent> events, CancellationToken cancellationToken);
}
