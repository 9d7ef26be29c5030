using MudBlazor;

namespace Presenca.Web.Components.Layout;

/// <summary>
/// Presenca's one theme. Every colour that carries text keeps a contrast of at least 4.5:1 on its
/// background (WCAG AA), which axe-core checks on every page.
/// </summary>
public static class PresencaTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4fb8",
            Secondary = "#5a4bb0",
            Tertiary = "#00796b",
            Info = "#0b6aa2",
            Success = "#1b7a3d",
            Warning = "#9a5b00",
            Error = "#b3261e",
            Dark = "#1f2a44",
            AppbarBackground = "#1f2a44",
            AppbarText = "#ffffff",
            Background = "#f5f7fb",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1f2a44",
            DrawerIcon = "#1f2a44",
            TextPrimary = "#1f2a44",
            TextSecondary = "#4a5670",
            ActionDefault = "#4a5670",
            LinesDefault = "#d5dbe7",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "DejaVu Sans", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "230px" },
    };
}
