namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>
/// Applies one delivery event to <c>emails_sent</c> and the contact (with
/// <see cref="EmailEventRules"/>). The webhook endpoint and the sandbox transport both call it,
/// so the demo moves through the same code as production.
/// </summary>
public interface IEmailEventHandler
{
    Task HandleAsync(BrevoWebhookEvent emailEvent, CancellationToken cancellationToken);
}
