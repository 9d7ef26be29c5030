namespace Presenca.Data.Contacts;

/// <summary>
/// What the report says of a row: why it did not become a contact, or that it was skipped as
/// the header (<see cref="Entete"/>), or imported with a remark (<see cref="Remarque"/>: address
/// read out of a longer cell, name cut to the column's length).
/// </summary>
public enum ContactImportIssueKind
{
    Invalide,
    DoublonFichier,
    DoublonExistant,
    Entete,
    Remarque,
}
