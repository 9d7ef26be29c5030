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

    public static async Task AddAsync(PresencaDbContext db, Guid organisationId, Guid clientId, string agency, CancellationToken cancellationToken)
    {
        var template = Guid.NewGuid();
        var sent = Guid.NewGuid();
        var subject = $"{agency} : les nouveautés du trimestre";
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            insert into email_templates (id, organisation_id, client_id, name, subject, content)
            values ({template}, {organisationId}, {clientId}, 'Lettre trimestrielle', {subject}, {Content});
            insert into email_campaigns (id, organisation_id, client_id, template_id, name, subject, content, sender_email, sender_name, started_at)
            values ({sent}, {organisationId}, {clientId}, {template}, 'Lettre de printemps', {subject}, {Content},
                    'contact@presenca.demo', {agency}, now() - interval '3 days');
            insert into email_campaigns (organisation_id, client_id, template_id, name, subject, content, sender_email, sender_name)
            values ({organisationId}, {clientId}, {template}, 'Lettre d''été (brouillon)', {subject}, {Content}, 'contact@presenca.demo', {agency});
            """, cancellationToken);

        // One row per eligible contact, its fate decided by its rank: the counters follow through
        // the emails_sent trigger, as for a real send.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            insert into emails_sent (organisation_id, client_id, campaign_id, contact_id, recipient_email, recipient_organization, status,
                                     brevo_message_id, failure_reason, sent_at, delivered_at, opened_at, clicked_at, bounced_at)
            select c.organisation_id, c.client_id, {sent}, c.id, c.email, c.organization_name,
                   case when r % 33 = 0 then 'bounced' when r % 50 = 1 then 'failed' when r % 20 = 2 then 'sent' else 'delivered' end,
                   '<demo.' || r || '@sandbox.presenca.local>',
                   case when r % 33 = 0 then '550 5.1.1 Adresse inconnue' when r % 50 = 1 then 'Bloqué par le serveur du destinataire' end,
                   now() - interval '3 days',
                   case when r % 33 <> 0 and r % 50 <> 1 and r % 20 <> 2 then now() - interval '3 days' + interval '1 minute' end,
                   case when r % 33 <> 0 and r % 50 <> 1 and r % 20 <> 2 and r % 5 < 2 then now() - interval '2 days' end,
                   case when r % 33 <> 0 and r % 50 <> 1 and r % 20 <> 2 and r % 10 = 0 then now() - interval '2 days' end,
                   case when r % 33 = 0 then now() - interval '3 days' end
            from (select c.*, row_number() over (order by c.email) as r from contacts c
                  where c.client_id = {clientId} and not c.desinscrit and not c.hard_bounced) c;
            update email_campaigns set status = 'sent', finished_at = now() - interval '3 days' + interval '5 minutes' where id = {sent};
            """, cancellationToken);
    }
}
