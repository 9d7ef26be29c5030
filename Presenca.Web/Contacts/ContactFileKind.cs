namespace Presenca.Web.Contacts;

public enum ContactFileKind
{
    Xlsx,
    Xls,
    Csv,
}
