namespace Presenca.Data.Tenancy;

/// <summary>
/// Who is asking. The data layer hands it to PostgreSQL (row-level security) and to EF query
/// filters, so both layers scope every query to the same tenant.
/// </summary>
public sealed record Caller(
    Guid? UserId,
    Guid? OrganisationId,
    Guid? ClientId,
    UserRole? Role,
    Guid? ReseauId = null,
    string? SigningInUserName = null)
{
    /// <summary>No identity: row-level security shows nothing.</summary>
    public static readonly Caller Anonymous = new(null, null, null, null);

    // ReseauId is the caller's network: its own client for a director, the network of its agency
    // for agency staff, none for an independent agency. PostgreSQL recomputes it from `clients`
    // rather than trusting this copy.

    public bool IsAdmin => Role == UserRole.AdminPresenca;

    public bool IsDirector => Role == UserRole.DirecteurReseau;

    public bool HasOrganisation => OrganisationId is not null;

    /// <summary>
    /// While a user signs in, nobody is known yet: the database reveals only the row of the
    /// user name being tried, and nothing else.
    /// </summary>
    public static Caller SigningIn(string normalizedUserName) => Anonymous with { SigningInUserName = normalizedUserName };

    /// <summary>Background work that runs for every tenant (migrations, demo seed, relays).</summary>
    public static Caller System(Guid systemUserId) => new(systemUserId, null, null, UserRole.AdminPresenca);
}

/// <summary>Where a <see cref="PresencaDbContext"/> reads its caller, each time it opens a connection.</summary>
public interface ICallerSource
{
    Caller Current { get; }
}

/// <summary>A caller fixed at construction: background jobs, tests, tools.</summary>
public sealed class FixedCallerSource(Caller caller) : ICallerSource
{
    public Caller Current { get; } = caller;
}
