using Presenca.Data.Tenancy;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// The identity under which the sending pipeline and Brevo's webhooks reach the database.
/// </summary>
/// <remarks>
/// Why a system caller and not the campaign owner's identity: workers claim the next batch of
/// any tenant's campaign (one queue for every tenant, FOR UPDATE SKIP LOCKED across all of them),
/// and a webhook call names no user at all, only a connexion. Row-level security therefore has to
/// let them through; the narrow way is this one fixed identity (an admin without organisation,
/// like the demo seeder and the import worker), used only by the code in this folder and the
/// webhook handler, never by a request's pages. Every statement they run names the campaign,
/// batch or connexion it works on, so the wide view is never used to list anything.
/// </remarks>
public static class PipelineCaller
{
    public static readonly Guid Id = Guid.Parse("00000000-0000-0000-0000-00000000ca3b");

    public static Caller Caller { get; } = Caller.System(Id);
}
