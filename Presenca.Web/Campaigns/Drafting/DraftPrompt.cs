using System.Text;
using OpenAI.Chat;
using Presenca.Web.Campaigns.Templates;

namespace Presenca.Web.Campaigns.Drafting;

/// <summary>
/// The messages sent to OpenAI: fixed instructions, then the brief and the client's name. Nothing
/// about contacts is ever added (their values fill the merge fields at sending time, in Presenca).
/// </summary>
public sealed class DraftPrompt
{
    private DraftPrompt(string instructions, string request)
    {
        Instructions = instructions;
        Request = request;
    }

    public string Instructions { get; }

    public string Request { get; }

    public IReadOnlyList<ChatMessage> Messages => [new SystemChatMessage(Instructions), new UserChatMessage(Request)];

    /// <summary>
    /// An upper bound of the prompt's tokens: a token is at least one byte of UTF-8, plus a few
    /// tokens of framing per message. Reserving on it means the real cost cannot exceed the reserve.
    /// </summary>
    public int TokenUpperBound => Encoding.UTF8.GetByteCount(Instructions) + Encoding.UTF8.GetByteCount(Request) + 32;

    public static DraftPrompt For(DraftBrief brief, string clientName)
    {
        var fields = string.Join(", ", MergeFieldValues.StandardFields.Select(Field));
        var instructions = $$"""
            Tu rédiges des e-mails de campagne en français pour une agence. Réponds exactement dans ce format, sans rien d'autre :
            Objet : <l'objet proposé>
            Variante : <un autre objet possible>
            Variante : <un troisième objet possible>
            ---
            <le corps de l'e-mail en HTML simple : <p>, <h2>, <ul>, <li>, <strong>, <em>, <a href>>

            Champs de fusion disponibles, remplacés pour chaque destinataire au moment de l'envoi : {{fields}}.
            {{Field(MergeFieldValues.Organisation)}} est le nom de l'entreprise du destinataire, {{Field(MergeFieldValues.Email)}} son adresse, {{Field(MergeFieldValues.Desinscription)}} son lien de désinscription.
            N'utilise un champ de fusion que si la demande le prévoit ; n'en invente aucun autre.
            Pas de <script>, pas de <style>, pas d'image, pas de formulaire.
            """;
        var request = $"""
            Client (l'expéditeur) : {clientName}
            Objectif : {brief.Goal.Trim()}
            Ton : {brief.Tone}
            Points clés : {(string.IsNullOrWhiteSpace(brief.KeyPoints) ? "aucun" : brief.KeyPoints.Trim())}
            Longueur : {brief.Length}
            """;
        return new DraftPrompt(instructions, request);
    }

    private static string Field(string name) => "{{" + name + "}}";
}
