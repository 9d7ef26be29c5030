using Presenca.Web.Hosting;

if (WorkerCommand.IsRequested(args))
{
    return await WorkerCommand.RunAsync(args);
}

FrenchCulture.UseAsDefault();
var builder = WebApplication.CreateBuilder(args);
if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(builder.Configuration);
}

builder.AddPresenca();
var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UsePresenca();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
