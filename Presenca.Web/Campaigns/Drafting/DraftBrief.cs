namespace Presenca.Web.Campaigns.Drafting;

/// <summary>What the user asks of the draft. Only this, and the client's name, is sent to OpenAI.</summary>
public sealed class DraftBrief
{
    public const int MaxCharacters = 4000;

    public static readonly IReadOnlyList<string> Tones = ["Chaleureux", "Professionnel", "Enthousiaste", "Sobre"];

    public static readonly IReadOnlyList<string> Lengths = ["Courte", "Moyenne", "Longue"];

    public string Goal { get; set; } = "";

    public string Tone { get; set; } = "Chaleureux";

    public string KeyPoints { get; set; } = "";

    public string Length { get; set; } = "Moyenne";

    public string Model { get; set; } = "";

    public int Characters => (Goal?.Length ?? 0) + (KeyPoints?.Length ?? 0) + (Tone?.Length ?? 0) + (Length?.Length ?? 0);

    /// <summary>Why this brief cannot be sent, in French; null when it can.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Goal) && string.IsNullOrWhiteSpace(KeyPoints))
        {
            return "Le brief est vide : décrivez au moins l'objectif de l'e-mail.";
        }

        return Characters > MaxCharacters
            ? string.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), $"Le brief fait {Characters:N0} caractères, pour {MaxCharacters:N0} au plus : raccourcissez-le.")
            : null;
    }
}
