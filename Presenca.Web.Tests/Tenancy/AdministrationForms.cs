using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>What a user does on the administration pages, done on a bUnit-rendered page.</summary>
public static class AdministrationForms
{
    /// <summary>Types into the text field with this label, as a user leaving the field would.</summary>
    public static void Type(this IRenderedComponent<IComponent> cut, string label, string value)
    {
        // Pages load what they show asynchronously: the field appears once they have.
        IRenderedComponent<MudTextField<string>>? field = null;
        cut.WaitForAssertion(() => field = cut.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == label));
        field!.Find("input").Change(value);
    }

    /// <summary>
    /// Picks a value in the select with this label. The value goes through the select's own
    /// callback, as a circuit message would, so it may be one the list does not offer.
    /// </summary>
    public static Task Choose<TValue>(this IRenderedComponent<IComponent> cut, string label, TValue value)
    {
        cut.WaitForAssertion(() => Assert.Single(cut.FindComponents<MudSelect<TValue>>(), s => s.Instance.Label == label));
        // Found again on the renderer's dispatcher, so no render can replace it in between.
        return cut.InvokeAsync(() => cut.FindComponents<MudSelect<TValue>>().Single(s => s.Instance.Label == label).Instance.ValueChanged.InvokeAsync(value));
    }

    public static void Submit(this IRenderedComponent<IComponent> cut) => cut.Find("form").Submit();

    /// <summary>Clicks the element once the page shows it.</summary>
    public static void ClickWhenShown(this IRenderedComponent<IComponent> cut, string selector) => cut.WaitForElement(selector).Click();

    /// <summary>The French error shown next to the form, once there is one.</summary>
    public static string FormError(this IRenderedComponent<IComponent> cut)
    {
        var text = "";
        cut.WaitForAssertion(() => text = cut.Find("[data-testid=form-error]").TextContent.Trim());
        return text;
    }

    /// <summary>Renders the snackbar area of the layout, where outcomes are announced.</summary>
    public static IRenderedComponent<MudSnackbarProvider> Snackbars(this SignedInPage page) => page.Render<MudSnackbarProvider>();

    public static void WaitForText(this IRenderedComponent<IComponent> cut, string text) =>
        cut.WaitForAssertion(() => Assert.Contains(text, cut.Text()));

    /// <summary>What a reader sees of a rendered component.</summary>
    public static string Text(this IRenderedComponent<IComponent> cut) => string.Concat(cut.Nodes.Select(n => n.TextContent));

    /// <summary>Records whether the page asked for the not-found page (HTTP 404 on a prerender).</summary>
    public static Func<bool> WatchNotFound(this SignedInPage page)
    {
        var notFound = false;
        page.Bunit.Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => notFound = true;
        return () => notFound;
    }
}
