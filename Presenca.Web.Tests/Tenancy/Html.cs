using AngleSharp.Html.Parser;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>What a reader sees of a page: its text, with entities (&#x27;, &#xE9;) decoded.</summary>
public static class Html
{
    public static string Text(string html) => new HtmlParser().ParseDocument(html).Body?.TextContent ?? "";
}
