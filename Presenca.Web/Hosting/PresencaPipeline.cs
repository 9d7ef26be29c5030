using Microsoft.Extensions.Options;
using Npgsql;
using Presenca.Data.Migrations;
using Presenca.Web.Account;
using Presenca.Web.Components;
using Presenca.Web.Contacts;
using Presenca.Web.Demo;
using Presenca.Web.Health;
using Presenca.Web.Live;

namespace Presenca.Web.Hosting;

public static class PresencaPipeline
{
    public static void UsePresenca(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/erreur", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/introuvable");
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthEndpoint();
        app.MapAccountEndpoints();
        app.MapContactsEndpoints();
        app.MapHub<LiveHub>(LiveHub.Path);
        app.MapRazorComponents<App>();
    }

    /// <summary>Migrations, then the demo, before the first request is served.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<PresencaOptions>>().Value;
        if (options.MigrateOnStartup)
        {
            await MigrateAsync(app.Services);
        }

        if (options.SeedDemo)
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }
    }

    /// <summary><c>dotnet run --project Presenca.Web -- migrate</c>: apply migrations and exit.</summary>
    public static async Task<bool> RunToolCommandAsync(this WebApplication app, string[] args)
    {
        if (args.FirstOrDefault() != "migrate")
        {
            return false;
        }

        var applied = await MigrateAsync(app.Services);
        Console.WriteLine(applied.Count == 0
            ? "Base à jour : aucune migration à appliquer."
            : $"Migrations appliquées : {string.Join(", ", applied)}");
        return true;
    }

    private static async Task<IReadOnlyList<string>> MigrateAsync(IServiceProvider services)
    {
        var connections = services.GetRequiredService<ConnectionStrings>();
        await using var owner = NpgsqlDataSource.Create(connections.Owner);
        var runner = new MigrationRunner(
            owner,
            MigrationScript.LoadDirectory(MigrationScript.DefaultDirectory),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<MigrationRunner>());
        return await runner.MigrateAsync();
    }
}
