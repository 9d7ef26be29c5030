namespace Presenca.Data.Contacts;

public enum ContactImportStatus
{
    EnAttente,
    EnCours,
    Terminee,
    Echouee,
}
