namespace Presenca.Web.Account;

/// <summary>How often an open circuit re-checks its user (<c>Presenca:Circuits:RevalidationInterval</c>).</summary>
public sealed class CircuitRevalidationOptions
{
    public const string Section = "Presenca:Circuits";

    /// <summary>A minute, as the cookie: a deactivated user's open page loses its access within it.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}
