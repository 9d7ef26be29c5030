namespace Presenca.Data.Connexions;

/// <summary>Seed 002: an OpenAI key, the models it may use and its monthly budget.</summary>
public sealed class OpenaiConnexion : Connexion
{
    public static readonly IReadOnlyList<string> DefaultModels = ["gpt-3.5-turbo", "gpt-4"];

    public override Integration Integration => Integration.Openai;

    public string? ApiKey { get; set; }

    public override string? MainSecret { get => ApiKey; set => ApiKey = value; }

    public string? EmailCompte { get; set; }

    public string? OpenaiOrganisationId { get; set; }

    public string? ProjectId { get; set; }

    public List<string>? ModelesAutorises { get; set; } = [.. DefaultModels];

    public decimal? CoutActuelMois { get; set; } = 0m;

    /// <summary>Null: no monthly budget.</summary>
    public decimal? LimiteCoutMois { get; set; }

    /// <summary>First day (Europe/Paris) of the month <see cref="CoutActuelMois"/> counts.</summary>
    public DateOnly? MoisCout { get; set; }
}
