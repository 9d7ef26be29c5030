namespace Presenca.Data.Connexions;

/// <summary>Seed 001: a Zoho account (its OAuth token is kept as zoho_api_key).</summary>
public sealed class ZohoConnexion : Connexion
{
    public override Integration Integration => Integration.Zoho;

    public string? ApiKey { get; set; }

    public override string? MainSecret { get => ApiKey; set => ApiKey = value; }

    public string? EmailCompte { get; set; }

    public string? NomCompte { get; set; }
}
