using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;

namespace Presenca.Web.Components.Layout;

public static class MudBlazorServices
{
    public static IServiceCollection AddPresencaMudBlazor(this IServiceCollection services)
    {
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.VisibleStateDuration = 6000;
            options.SnackbarConfiguration.PreventDuplicates = false;
        });
        // MudBlazor's own texts (pagers, filters, pickers, aria-labels) in French.
        services.RemoveAll<MudLocalizer>();
        services.AddSingleton<MudLocalizer, FrenchMudLocalizer>();
        return services;
    }
}
