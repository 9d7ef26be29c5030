namespace Presenca.Web.Connexions;

/// <summary>A warning about one client's connexion shown on Aperçu, with the client whose connexions it links to.</summary>
public sealed record ConnexionNotice(Guid ClientId, string Text);
