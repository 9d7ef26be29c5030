using System.ComponentModel.DataAnnotations;

namespace Presenca.Web.Campaigns;

/// <summary>The template editor's form.</summary>
public sealed class TemplateInput
{
    [Required(ErrorMessage = "Donnez un nom au modèle.")]
    [StringLength(200, ErrorMessage = "Le nom ne doit pas dépasser 200 caractères.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Indiquez l'objet de l'e-mail.")]
    public string Subject { get; set; } = "";

    [Required(ErrorMessage = "Écrivez le contenu de l'e-mail.")]
    public string Content { get; set; } = "";

    /// <summary>The contact whose values the preview shows.</summary>
    public Guid? PreviewContact { get; set; }
}
