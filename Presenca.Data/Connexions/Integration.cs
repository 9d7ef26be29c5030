namespace Presenca.Data.Connexions;

/// <summary>The external services a client can connect; the text is the tables' prefix.</summary>
public enum Integration
{
    Brevo,
    Zoho,
    Openai,
    Instagram,
}
