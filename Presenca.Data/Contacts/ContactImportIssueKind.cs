namespace Presenca.Data.Contacts;

/// <summary>Why an imported row did not become a contact.</summary>
public enum ContactImportIssueKind
{
    Invalide,
    DoublonFichier,
    DoublonExistant,
}
