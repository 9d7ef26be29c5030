namespace Presenca.Web.Campaigns.Templates;

/// <summary>What the editors say about the unsubscribe link, in one place.</summary>
public static class UnsubscribeNotice
{
    public const string FieldsHelp =
        "Champs de fusion : {{email}}, {{organisation}}, {{desinscription}} (lien de désinscription du destinataire, à mettre dans un href). La version texte est déduite automatiquement.";

    public const string FooterAdded =
        "Ce contenu n'a pas de lien {{desinscription}} : un pied de page de désinscription au nom de l'agence ou du réseau expéditeur sera ajouté à chaque e-mail.";
}
