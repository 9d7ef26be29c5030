using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// Renders one Razor component to HTML the way static SSR does (HtmlRenderer, no browser, no
/// bUnit) and parses it with AngleSharp. <paramref name="services"/> registers what it injects.
/// </summary>
public static class ComponentHtml
{
    public static async Task<IHtmlDocument> RenderAsync<TComponent>(
        IDictionary<string, object?>? parameters = null,
        Action<IServiceCollection>? services = null)
        where TComponent : IComponent
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<IJSRuntime, NoJavaScript>();
        services?.Invoke(collection);
        await using var provider = collection.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, NullLoggerFactory.Instance);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(
                ParameterView.FromDictionary(parameters ?? new Dictionary<string, object?>()));
            return output.ToHtmlString();
        });
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    /// <summary>What NavLink and friends read: the address the page was requested at.</summary>
    public static void AddNavigationAt(this IServiceCollection services, string path) =>
        services.AddSingleton<NavigationManager>(new FixedNavigationManager(new Uri(new Uri("http://localhost/"), path).ToString()));

    private sealed class FixedNavigationManager : NavigationManager
    {
        public FixedNavigationManager(string uri) => Initialize("http://localhost/", uri);

        protected override void NavigateToCore(string uri, NavigationOptions options) =>
            throw new NotSupportedException("A static page does not navigate while it renders.");
    }

    // Static SSR has no JavaScript either: components such as HeadOutlet inject a runtime but only
    // call it after an interactive render, which never happens here.
    private sealed class NoJavaScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            throw new NotSupportedException("JavaScript is not available while rendering on the server.");

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            throw new NotSupportedException("JavaScript is not available while rendering on the server.");
    }
}
