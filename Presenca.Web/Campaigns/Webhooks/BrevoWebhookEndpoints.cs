using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Web.Campaigns.Pipeline;

namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>
/// POST /webhooks/brevo/{connexionId}: Brevo's transactional events for one connexion,
/// authenticated with that connexion's webhook secret (Basic or bearer; anything else 401).
/// One event, or an array of up to 500 (a webhook registered with <c>batched: true</c>).
/// </summary>
/// <remarks>
/// The call's events are appended to the durable inbox in one insert and answered at once;
/// <see cref="EmailEventWorker"/> applies them a chunk at a time. So Brevo waits for one short
/// transaction however busy the recipients' table is, and an answered event is never lost.
/// </remarks>
public static class BrevoWebhookEndpoints
{
    public const string PathPrefix = "/webhooks/brevo/";

    public static void MapBrevoWebhooks(this IEndpointRouteBuilder app) =>
        app.MapPost(PathPrefix + "{connexionId:guid}", ReceiveAsync).AllowAnonymous().DisableAntiforgery();

    private static async Task<IResult> ReceiveAsync(Guid connexionId, HttpRequest request, PresencaDatabase database, EmailEventInbox inbox, CancellationToken cancellationToken)
    {
        await using (var db = database.CreateContext(PipelineCaller.Caller))
        {
            // An unknown connexion answers like a wrong secret: nothing to learn by probing ids.
            var secret = await db.BrevoConnexions.AsNoTracking()
                .Where(c => c.ConnexionId == connexionId)
                .Select(c => c.WebhookSecret)
                .SingleOrDefaultAsync(cancellationToken);
            if (!WebhookAuthentication.IsAuthorized(request.Headers.Authorization.ToString(), secret))
            {
                return Results.Text("Authentification du webhook refusée.", statusCode: StatusCodes.Status401Unauthorized);
            }
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return Results.Text("Le corps de la requête n'est pas du JSON.", statusCode: StatusCodes.Status400BadRequest);
        }

        using (body)
        {
            var batch = BrevoWebhookEvent.ParseAll(body.RootElement);
            await inbox.AppendWebhookAsync(batch.Events, connexionId, cancellationToken);

            return batch.Refusals.Count == 0
                ? Results.Ok()
                : Results.Text(string.Join("\n", batch.Refusals), statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
