namespace Presenca.Web.Connexions;

/// <summary>What the browser may see of a secret: that it exists, and its last four characters.</summary>
public static class SecretMask
{
    public static string Of(string? secret) => secret switch
    {
        null or "" => "Aucune",
        { Length: <= 8 } => "••••",
        _ => "••••" + secret[^4..],
    };
}
