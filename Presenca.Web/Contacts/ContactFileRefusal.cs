namespace Presenca.Web.Contacts;

/// <summary>Why an uploaded file is refused before anything is written.</summary>
public enum ContactFileRefusal
{
    Missing,
    Extension,
    Empty,
    TooLarge,
    NotXlsx,
    NotXls,
    NotCsv,
    ZipBomb,
    NoClient,
}
