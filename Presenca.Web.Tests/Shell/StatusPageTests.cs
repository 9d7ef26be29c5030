using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Presenca.Web.Components;
using Presenca.Web.Contacts;

namespace Presenca.Web.Tests.Shell;

/// <summary>The page a user reads when a request ends on an error status: French, and what to do next.</summary>
public sealed class StatusPageTests
{
    [Theory]
    [InlineData(404, "Page introuvable", "n'existe pas")]
    [InlineData(400, "Requête incomplète", "rien n'a été modifié")]
    [InlineData(413, "Fichier trop volumineux", "20 Mo au plus")]
    public async Task Each_error_status_reads_as_a_french_explanation(int code, string title, string explanation)
    {
        await using var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(Options.Create(new ContactImportOptions()));

        var page = ctx.Render<StatusPage>(p => p.Add(x => x.Code, code));

        Assert.Equal(title, page.Find("[data-testid=status-page] h1").TextContent.Trim());
        Assert.Contains(explanation, page.Find("[data-testid=status-page] p").TextContent);
    }
}
