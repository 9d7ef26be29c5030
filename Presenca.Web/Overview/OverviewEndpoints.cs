using Microsoft.AspNetCore.Http.HttpResults;

namespace Presenca.Web.Overview;

public static class OverviewEndpoints
{
    /// <summary>The figures fragment htmx swaps in while campaigns send.</summary>
    public static void MapOverviewEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/apercu/chiffres", () => new RazorComponentResult<OverviewFigures>());
}
