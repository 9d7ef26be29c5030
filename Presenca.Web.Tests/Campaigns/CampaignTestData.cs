using Presenca.Web.Campaigns.Sending;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>Batches shaped like the pipeline's: one recipient per version, personalised HTML.</summary>
internal static class CampaignTestData
{
    public static EmailBatch Batch(params string[] recipients) => Batch(Guid.NewGuid(), Guid.NewGuid(), recipients);

    public static EmailBatch Batch(Guid campaignId, Guid batchId, params string[] recipients) =>
        new(
            batchId,
            campaignId,
            new EmailAddress("agence@reseau-demo.fr", "Agence Nord"),
            "Nos nouvelles offres",
            "<p>Bonjour</p>",
            "Bonjour",
            recipients
                .Select(r => new EmailVersion(
                    Guid.NewGuid(),
                    [new EmailAddress(r)],
                    new Dictionary<string, string> { ["organisation"] = "Soleil" },
                    HtmlContent: $"<p>Bonjour {r}</p>",
                    TextContent: $"Bonjour {r}"))
                .ToList());
}
