using Microsoft.AspNetCore.Components;

namespace Presenca.Web.Components.Shared;

/// <summary>
/// A MudBlazor icon as the markup MudIcon would write, without a component: every component a
/// page keeps costs each open circuit its render-tree buffers (issue 11, memory per circuit), and
/// an icon that never changes needs none. Keep the result in a static field so the string is
/// shared by every circuit. Decorative only (aria-hidden): the control around it carries the name.
/// </summary>
public static class SvgIcon
{
    /// <param name="icon">One of MudBlazor's <c>Icons.Material.*</c> path strings.</param>
    /// <param name="size">small, medium or large, as MudIcon's Size.</param>
    /// <param name="classes">Extra classes (spacing, the nav-link or button icon classes).</param>
    public static MarkupString Of(string icon, string size = "medium", string? classes = null) =>
        new($"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-{size}{(classes is null ? "" : " " + classes)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{icon}</svg>");
}
