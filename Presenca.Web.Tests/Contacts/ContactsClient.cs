using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Npgsql;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

/// <summary>What a signed-in user does on the Contacts pages: upload a file, wait for its import, read pages.</summary>
public static partial class ContactsClient
{
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] content)
    {
        var page = await client.GetStringAsync("/contacts/import");
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "the import page has no form");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token.Groups[1].Value), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "fichier", fileName);
        return await client.PostAsync("/contacts/import", form);
    }

    /// <summary>Uploads, follows the redirect to the import's page and waits until the import has ended.</summary>
    public static async Task<(Guid ImportId, IHtmlDocument Page)> ImportAsync(HttpClient client, TestDatabase database, string fileName, byte[] content)
    {
        var response = await UploadAsync(client, fileName, content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/contacts/imports/", location);
        var importId = Guid.Parse(location["/contacts/imports/".Length..]);
        await WaitForImportAsync(database, importId);
        return (importId, await PageAsync(client, location));
    }

    public static Task WaitForImportAsync(TestDatabase database, Guid importId) =>
        Eventually.UntilAsync(
            async () =>
            {
                await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("select status from contact_imports where id = $1", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = importId });
                return (string?)await command.ExecuteScalarAsync() is "terminee" or "echouee";
            },
            $"import {importId} finished", TimeSpan.FromMinutes(1));

    public static async Task<IHtmlDocument> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public static async Task<long> CountAsync(TestDatabase database, string sql) => await database.QueryAsOwnerAsync<long>(sql);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
