using Presenca.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPresenca();

var app = builder.Build();
if (await app.RunToolCommandAsync(args))
{
    return;
}

await app.PrepareDatabaseAsync();
app.UsePresenca();
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
