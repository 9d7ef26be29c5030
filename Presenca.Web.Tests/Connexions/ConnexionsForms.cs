using System.Net;
using AngleSharp.Html.Parser;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Connexions;

/// <summary>The Connexions page's forms posted as a browser posts them, and its HTML read back as text.</summary>
public static class ConnexionsForms
{
    public static async Task<string> SaveAsync(HttpClient client, string integration, Dictionary<string, string> fields)
    {
        var property = integration switch { "brevo" => "BrevoInput", "zoho" => "ZohoInput", "openai" => "OpenaiInput", _ => "InstagramInput" };
        // As a browser posts it: the hidden marker, then the fields filled in (unchecked boxes post nothing).
        fields["Envoye"] = "true";
        return await PostAsync(client, $"connexion-{integration}", fields.ToDictionary(f => $"{property}.{f.Key}", f => f.Value));
    }

    public static async Task<string> PostAsync(HttpClient client, string form, Dictionary<string, string> fields)
    {
        fields["_handler"] = form;
        var response = await SignedInClient.PostFormAsync(client, "/connexions", fields);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        return html;
    }

    public static string PageText(string html) =>
        System.Text.RegularExpressions.Regex.Replace(new HtmlParser().ParseDocument(html).Body?.TextContent ?? "", @"\s+", " ");

    public static string Text(string html, string selector) =>
        new HtmlParser().ParseDocument(html).QuerySelector(selector)?.TextContent.Trim().ReplaceLineEndings(" ") is { } text
            ? System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ")
            : throw new Xunit.Sdk.XunitException($"Nothing matches {selector}.");
}
