namespace Presenca.Bench.Analytics;

/// <summary>
/// The tenant of issue 7's benchmark, loaded as the owner into Agence Lyon Nord of the demo:
/// 200,000 contacts (2,000 companies), 500 campaigns over the last year (two still sending),
/// 1,000,000 emails_sent (2,000 per campaign) inserted through the real counter trigger.
/// Smaller trial sizes (--contacts, --recipients) keep the 500 campaigns and 2,000 companies.
/// </summary>
public static class AnalyticsData
{
    /// <summary>{0} is the number of contacts.</summary>
    public const string Setup = """
        create temporary table t as
          select client_id, organisation_id from clients where client_nom = 'Agence Lyon Nord';

        insert into contact_organizations (organisation_id, client_id, name, name_key)
          select t.organisation_id, t.client_id, 'Entreprise ' || i, 'entreprise ' || i from t, generate_series(1, 2000) i;

        -- Through the statement trigger that counts contacts per client, as an import would.
        insert into contacts (organisation_id, client_id, email, organization_id, organization_name)
          select t.organisation_id, t.client_id, 'contact' || i || '@entreprise' || (i % 2000 + 1) || '.fr', o.id, o.name
          from t, generate_series(1, {0}) i
          join contact_organizations o on o.client_id = (select client_id from t) and o.name_key = 'entreprise ' || (i % 2000 + 1);

        insert into email_campaigns (organisation_id, client_id, name, subject, content, status, started_at, finished_at, created_at)
          select t.organisation_id, t.client_id, 'Campagne ' || i, 'Objet ' || i, 'Contenu',
                 case when i <= 2 then 'sending' else 'sent' end,
                 now() - make_interval(hours => i * 17), case when i > 2 then now() - make_interval(hours => i * 17) + interval '1 hour' end,
                 now() - make_interval(hours => i * 17)
          from t, generate_series(1, 500) i;

        create temporary table numbered_contacts as
          select row_number() over (order by id) - 1 as n, id, email, organization_name from contacts where client_id = (select client_id from t);
        create index on numbered_contacts (n);
        create temporary table numbered_campaigns as
          select row_number() over (order by started_at desc) - 1 as n, id, started_at from email_campaigns
          where client_id = (select client_id from t) and name like 'Campagne %';
        """;

    /// <summary>
    /// One slice of campaigns (50 campaigns, 100,000 recipients): {0} is the first campaign number,
    /// {1} the recipients per campaign, {2} the number of contacts.
    /// </summary>
    public const string EmailsSlice = """
        insert into emails_sent (organisation_id, client_id, campaign_id, contact_id, recipient_email, recipient_organization, status,
                                 sent_at, delivered_at, opened_at, created_at)
        select t.organisation_id, t.client_id, m.id, c.id, c.email, c.organization_name,
               case when m.n < 2 and j % 10 < 3 then 'pending'
                    when j % 20 = 0 then 'bounced' when j % 20 = 1 then 'failed' when j % 20 < 5 then 'sent' else 'delivered' end,
               case when m.n < 2 and j % 10 < 3 then null else m.started_at end,
               case when j % 20 >= 5 then m.started_at + interval '1 minute' end,
               case when j % 20 >= 5 and j % 3 = 0 then m.started_at + interval '1 hour' end,
               m.started_at
        from t
        cross join numbered_campaigns m
        cross join generate_series(0, {1} - 1) j
        join numbered_contacts c on c.n = (m.n * {1} + j) % {2}
        where m.n >= {0} and m.n < {0} + 50
        """;
}
