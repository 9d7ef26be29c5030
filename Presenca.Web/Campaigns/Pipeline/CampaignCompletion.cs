namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// A sending campaign whose recipients are all prepared and whose batches are all done is
/// finished: "sent", or "failed" when no recipient could be handed to Brevo. Checked after each
/// batch and the last chunk and, because two workers finishing the last two batches at once cannot
/// see each other's, by the scheduler too.
/// </summary>
public static class CampaignCompletion
{
    private const string Finish = """
        update email_campaigns c
        set status = case when c.total_recipients > 0 and c.failed_count >= c.total_recipients then 'failed' else 'sent' end,
            finished_at = now()
        """;

    public const string CompleteOneSql = Finish + """

        where c.id = $1 and c.status = 'sending' and not c.preparing
          and not exists (select 1 from email_batches b where b.campaign_id = c.id and b.status <> 'done')
        """;

    public const string CompleteAllSql = Finish + """

        where c.status = 'sending' and not c.preparing
          and not exists (select 1 from email_batches b where b.campaign_id = c.id and b.status <> 'done')
        """;
}
