using Microsoft.AspNetCore.SignalR;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Live;

/// <summary>
/// Browsers connect here to receive what <see cref="NotificationRelay"/> hears from PostgreSQL.
/// Each connection joins the group of its organisation, or the admins' group.
/// </summary>
public sealed class LiveHub : Hub
{
    public const string Path = "/hubs/live";

    /// <summary>The client-side method every relayed notification arrives on: (channel, payload).</summary>
    public const string NotificationMethod = "notification";

    public const string AdminsGroup = "admins";

    public static string OrganisationGroup(Guid organisationId) => $"organisation:{organisationId}";

    public override async Task OnConnectedAsync()
    {
        var caller = CallerClaims.Read(Context.User);
        if (caller.IsAdmin)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AdminsGroup);
        }
        else if (caller.OrganisationId is { } organisationId)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, OrganisationGroup(organisationId));
        }

        await base.OnConnectedAsync();
    }
}
