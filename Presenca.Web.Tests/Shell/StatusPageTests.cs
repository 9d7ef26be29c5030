using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Presenca.Web.Components;
using Presenca.Web.Contacts;
using Presenca.Web.Tests.Infrastructure;

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
        var page = await ComponentHtml.RenderAsync<StatusPage>(
            new Dictionary<string, object?> { ["Code"] = code },
            services => services.AddSingleton(Options.Create(new ContactImportOptions())));

        Assert.Equal(title, page.QuerySelector("[data-testid=status-page] h1")?.TextContent.Trim());
        Assert.Contains(explanation, page.QuerySelector("[data-testid=status-page] p")?.TextContent);
    }
}
