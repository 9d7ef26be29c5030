using Presenca.Data.Connexions;

namespace Presenca.Web.Connexions.Providers;

/// <summary>A provider's answer: the parsed body, or the connexion status and French message a failure means.</summary>
public sealed record ProviderResponse<T>(T? Value, ConnexionStatus Status, string? Error)
    where T : class
{
    public bool Succeeded => Value is not null;

    public static ProviderResponse<T> Ok(T value) => new(value, ConnexionStatus.Active, null);

    public static ProviderResponse<T> Fail(ConnexionStatus status, string error) => new(null, status, error);
}
