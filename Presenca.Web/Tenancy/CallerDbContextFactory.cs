using Microsoft.EntityFrameworkCore;
using Presenca.Data;

namespace Presenca.Web.Tenancy;

/// <summary>Contexts for the current request: scoped to its caller, in the app and in PostgreSQL.</summary>
public sealed class CallerDbContextFactory(PresencaDatabase database, CallerSource callers) : IDbContextFactory<PresencaDbContext>
{
    public PresencaDbContext CreateDbContext() => database.CreateContext(callers);
}
