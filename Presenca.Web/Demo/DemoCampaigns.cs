using Microsoft.EntityFrameworkCore;
using Presenca.Data;

namespace Presenca.Web.Demo;

/// <summary>
/// For each demo agency: a template, a campaign already sent (with believable figures: most
/// delivered, some opened and clicked, a few bounces) and a draft ready to send through the sandbox.
/// </summary>
internal static class DemoCampaigns
{
    private const string Content = """
        <h1>Les nouveautés de {{organisation}}</h1>
        <p>Bonjour,</p>
        <p>Voici ce qui change ce trimestre dans votre agence : horaires élargis, un nouveau conseiller et des rendez-vous en ligne.</p>
        <p><a href="https://presenca.demo/rendez-vous">Prendre rendez-vous</a></p>
        <p>Cet e-mail a été envoyé à {{email}}.</p>
        """;

    public const string SentName = "Lettre de printemps";

    // The name a person would give it: it stays when the draft is sent, so it does not say "draft".
    public const string DraftName = "Lettre d'été";

    /// <remarks>
    /// Every row's created_at is the database's now() (the audit trigger sets it and nothing may
    /// change it), so the story is told from the moment of seeding onwards: the campaign is
    /// created, then launched (clock_timestamp(), later in the same transaction), its recipients
    /// queued and sent at launch, delivered and opened in the next statement. Queued and sent fall
    /// on the same day, the one the per-day chart shows.
    /// </remarks>
    public static async Task AddAsync(PresencaDbContext db, Guid organisationId, Guid clientId, string agency, CancellationToken cancellationToken)
    {
        var template = Guid.NewGuid();
        var sent = Guid.NewGuid();
        var subject = $"{agency} : les nouveautés du trimestre";
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            insert into email_templates (id, organisation_id, client_id, name, subject, content)
            values ({template}, {organisationId}, {clientId}, 'Lettre trimestrielle', {subject}, {Content});
            insert into email_campaigns (id, organisation_id, client_id, template_id, name, subject, content, sender_email, sender_name)
            values ({sent}, {organisationId}, {clientId}, {template}, {SentName}, {subject}, {Content}, 'contact@presenca.demo', {agency});
            insert into email_campaigns (organisation_id, client_id, template_id, name, subject, content, sender_email, sender_name)
            values ({organisationId}, {clientId}, {template}, {DraftName}, {subject}, {Content}, 'contact@presenca.demo', {agency});
            update email_campaigns set started_at = clock_timestamp() where id = {sent};
            """, cancellationToken);

        // One row per eligible contact, its fate decided by its rank: the counters follow through
        // the emails_sent trigger, as for a real send. This statement's now() comes after the launch.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            insert into emails_sent (organisation_id, client_id, campaign_id, contact_id, recipient_email, recipient_organization, status,
                                     brevo_message_id, failure_reason, created_at, sent_at, delivered_at, opened_at, clicked_at, bounced_at)
            select c.organisation_id, c.client_id, {sent}, c.id, c.email, c.organization_name,
                   case when r % 33 = 0 then 'bounced' when r % 50 = 1 then 'failed' when r % 20 = 2 then 'sent' else 'delivered' end,
                   '<demo.' || r || '@sandbox.presenca.local>',
                   case when r % 33 = 0 then '550 5.1.1 Adresse inconnue' when r % 50 = 1 then 'Bloqué par le serveur du destinataire' end,
                   k.started_at,
                   k.started_at,
                   case when r % 33 <> 0 and r % 50 <> 1 and r % 20 <> 2 then now() end,
                   case when r % 33 <> 0 and r % 50 <> 1 and r % 20 <> 2 and r % 5 < 2 then clock_timestamp() end,
                   case when r % 33 <> 0 and r % 50 <> 1 and r % 20 <> 2 and r % 10 = 0 then clock_timestamp() end,
                   case when r % 33 = 0 then now() end
            from (select c.*, row_number() over (order by c.email) as r from contacts c
                  where c.client_id = {clientId} and not c.desinscrit and not c.hard_bounced) c
            cross join (select started_at from email_campaigns where id = {sent}) k;
            update email_campaigns set status = 'sent', finished_at = clock_timestamp() where id = {sent};
            """, cancellationToken);
    }
}
