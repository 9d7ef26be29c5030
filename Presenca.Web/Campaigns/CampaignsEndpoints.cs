using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Campaigns;

/// <summary>The campaign buttons: each posts a form, acts as the signed-in user and redirects back.</summary>
public static class CampaignsEndpoints
{
    public static void MapCampaignsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var campaigns = endpoints.MapGroup("/campagnes/{id:guid}").DisableAntiforgery();
        campaigns.MapPost("/pause", (Guid id, HttpContext context, IAntiforgery antiforgery, IDbContextFactory<PresencaDbContext> dbFactory) =>
            ActAsync(context, antiforgery, dbFactory, id, db => CampaignControls.PauseAsync(db, id), "pause"));
        campaigns.MapPost("/reprise", (Guid id, HttpContext context, IAntiforgery antiforgery, IDbContextFactory<PresencaDbContext> dbFactory) =>
            ActAsync(context, antiforgery, dbFactory, id, db => CampaignControls.ResumeAsync(db, id), "reprise"));
        campaigns.MapPost("/annulation", (Guid id, HttpContext context, IAntiforgery antiforgery, IDbContextFactory<PresencaDbContext> dbFactory) =>
            ActAsync(context, antiforgery, dbFactory, id, db => CampaignControls.CancelAsync(db, id), "annulee"));
        campaigns.MapPost("/envoi", SendNowAsync);
        campaigns.MapPost("/duplication", DuplicateAsync);
        campaigns.MapPost("/test", TestAsync);
    }

    private static async Task<IResult> ActAsync(HttpContext context, IAntiforgery antiforgery, IDbContextFactory<PresencaDbContext> dbFactory, Guid id,
        Func<PresencaDbContext, Task<bool>> action, string done)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("Formulaire expiré : rechargez la page et réessayez.");
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.EmailCampaigns.AnyAsync(c => c.Id == id))
        {
            return Results.NotFound();
        }

        return Results.Redirect(await action(db) ? $"/campagnes/{id}?fait={done}" : $"/campagnes/{id}?fait=impossible");
    }

    private static async Task<IResult> SendNowAsync(Guid id, HttpContext context, IAntiforgery antiforgery, IDbContextFactory<PresencaDbContext> dbFactory,
        CampaignStarter starter, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("Formulaire expiré : rechargez la page et réessayez.");
        }

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // The user must see (own) the campaign; the starter then works as the pipeline.
            if (!await db.EmailCampaigns.AnyAsync(c => c.Id == id, cancellationToken))
            {
                return Results.NotFound();
            }
        }

        var start = await starter.SendNowAsync(id, cancellationToken);
        return Results.Redirect($"/campagnes/{id}?{CampaignStartLinks.Query(start)}");
    }

    private static async Task<IResult> DuplicateAsync(Guid id, HttpContext context, IAntiforgery antiforgery, IDbContextFactory<PresencaDbContext> dbFactory)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("Formulaire expiré : rechargez la page et réessayez.");
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var copy = await CampaignControls.DuplicateAsync(db, id, CallerClaims.Read(context.User).UserId);
        return copy is { } copyId ? Results.Redirect($"/campagnes/{copyId}/modifier?copie=1") : Results.NotFound();
    }

    private static async Task<IResult> TestAsync(Guid id, HttpContext context, IAntiforgery antiforgery, IDbContextFactory<PresencaDbContext> dbFactory,
        CampaignTestSend testSend, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest("Formulaire expiré : rechargez la page et réessayez.");
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var campaign = await db.EmailCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (campaign is null)
        {
            return Results.NotFound();
        }

        var message = await testSend.SendAsync(db, campaign, context.Request.Form["adresse"], cancellationToken);
        return Results.Redirect($"/campagnes/{id}?test={Uri.EscapeDataString(message)}");
    }
}
