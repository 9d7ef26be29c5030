using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>An HttpClient that keeps cookies and posts forms the way a browser does.</summary>
public static partial class SignedInClient
{
    // Over Kestrel, WebApplicationFactory's client follows redirects whatever its options say, so
    // the client is built here; in memory, the factory's own client is the one that works.
    public static HttpClient Anonymous(PresencaWebFactory factory) =>
        factory.KestrelAddress is { } address
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = address }
            : factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpClient> SignInAsync(PresencaWebFactory factory, string email, string password = Demo.DemoAccounts.Password)
    {
        var client = Anonymous(factory);
        var response = await PostLoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode}");
        }

        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        await PostFormAsync(client, "/connexion", new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    /// <summary>GETs the page first for its antiforgery token, then posts the fields with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IDictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? path);
        var token = AntiforgeryToken().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No antiforgery token on {formPage ?? path}.");
        }

        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token.Groups[1].Value };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
