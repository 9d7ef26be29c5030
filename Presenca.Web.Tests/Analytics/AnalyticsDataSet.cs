namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// Known answers. Demo organisation: Agence Lyon Nord and Agence Marseille Sud (network), Agence
/// Soleil (independent); plus another organisation whose data must never count for them.
///
/// Nord: 3 contacts, 2 companies. "Printemps Nord" (sent, 2 days ago): 10 emails = 2 sent,
///   5 delivered (2 opened), 1 failed, 2 bounced. "Relance Nord" (sending, today): 4 emails =
///   2 pending, 1 sending, 1 delivered (sent today).
/// Sud: 2 contacts, 1 company. "Offre Sud" (sent, 3 days ago): 5 emails = 4 delivered (1 opened),
///   1 bounced. "=SOMME(A1) brouillon" (draft, no email).
/// Soleil: 1 contact, 1 company. "Soleil d'été" (sent, 60 days ago): 3 delivered.
/// Connexions: Nord's Brevo quota 85 % used; Sud's Brevo key refused at its last test.
/// Other organisation: 5 contacts, 1 company, "Autre envoi" (sending): 7 delivered, sent today.
/// </summary>
public static class AnalyticsDataSet
{
    public const string Sql = """
        delete from contact_import_issues; delete from contacts; delete from contact_organizations; delete from contact_imports;

        insert into organisations (organisation_id, organisation_nom) values ('00000000-0000-0000-0000-00000000a000', 'Autre Organisation');
        insert into agence_independante (agence_independante_id, organisation_id, agence_nom)
          values ('00000000-0000-0000-0000-00000000a001', '00000000-0000-0000-0000-00000000a000', 'Agence Ailleurs');

        create temporary table k as
          select client_id, organisation_id, client_nom from clients
          where client_nom in ('Agence Lyon Nord', 'Agence Marseille Sud', 'Agence Soleil', 'Agence Ailleurs');

        create function pg_temp.cid(name text) returns uuid language sql as $$ select client_id from k where client_nom = name $$;
        create function pg_temp.oid_of(name text) returns uuid language sql as $$ select organisation_id from k where client_nom = name $$;

        insert into contact_organizations (id, organisation_id, client_id, name, name_key) values
          ('00000000-0000-0000-0000-0000000000b1', pg_temp.oid_of('Agence Lyon Nord'), pg_temp.cid('Agence Lyon Nord'), 'Boulangerie Nord', 'boulangerie nord'),
          ('00000000-0000-0000-0000-0000000000b2', pg_temp.oid_of('Agence Lyon Nord'), pg_temp.cid('Agence Lyon Nord'), 'Garage Nord', 'garage nord'),
          ('00000000-0000-0000-0000-0000000000b3', pg_temp.oid_of('Agence Marseille Sud'), pg_temp.cid('Agence Marseille Sud'), 'Savon Sud', 'savon sud'),
          ('00000000-0000-0000-0000-0000000000b4', pg_temp.oid_of('Agence Soleil'), pg_temp.cid('Agence Soleil'), 'Plage Soleil', 'plage soleil'),
          ('00000000-0000-0000-0000-0000000000b5', pg_temp.oid_of('Agence Ailleurs'), pg_temp.cid('Agence Ailleurs'), 'Ailleurs SA', 'ailleurs sa');

        insert into contacts (id, organisation_id, client_id, email, organization_id, organization_name) values
          ('00000000-0000-0000-0000-0000000000c1', pg_temp.oid_of('Agence Lyon Nord'), pg_temp.cid('Agence Lyon Nord'), 'anne@boulangerie-nord.fr', '00000000-0000-0000-0000-0000000000b1', 'Boulangerie Nord'),
          ('00000000-0000-0000-0000-0000000000c2', pg_temp.oid_of('Agence Lyon Nord'), pg_temp.cid('Agence Lyon Nord'), 'bruno@garage-nord.fr', '00000000-0000-0000-0000-0000000000b2', 'Garage Nord'),
          ('00000000-0000-0000-0000-0000000000c3', pg_temp.oid_of('Agence Lyon Nord'), pg_temp.cid('Agence Lyon Nord'), 'carla@boulangerie-nord.fr', '00000000-0000-0000-0000-0000000000b1', 'Boulangerie Nord'),
          ('00000000-0000-0000-0000-0000000000c4', pg_temp.oid_of('Agence Marseille Sud'), pg_temp.cid('Agence Marseille Sud'), 'denis@savon-sud.fr', '00000000-0000-0000-0000-0000000000b3', 'Savon Sud'),
          ('00000000-0000-0000-0000-0000000000c5', pg_temp.oid_of('Agence Marseille Sud'), pg_temp.cid('Agence Marseille Sud'), 'emma@savon-sud.fr', '00000000-0000-0000-0000-0000000000b3', 'Savon Sud'),
          ('00000000-0000-0000-0000-0000000000c6', pg_temp.oid_of('Agence Soleil'), pg_temp.cid('Agence Soleil'), 'fanny@plage-soleil.fr', '00000000-0000-0000-0000-0000000000b4', 'Plage Soleil');
        insert into contacts (organisation_id, client_id, email, organization_id, organization_name)
          select pg_temp.oid_of('Agence Ailleurs'), pg_temp.cid('Agence Ailleurs'), 'x' || i || '@ailleurs.fr', '00000000-0000-0000-0000-0000000000b5', 'Ailleurs SA'
          from generate_series(1, 5) i;

        insert into email_campaigns (id, organisation_id, client_id, name, subject, content, status, started_at, created_at) values
          ('00000000-0000-0000-0000-0000000000d1', pg_temp.oid_of('Agence Lyon Nord'), pg_temp.cid('Agence Lyon Nord'), 'Printemps Nord', 's', 'c', 'sent', now() - interval '2 days', now() - interval '2 days'),
          ('00000000-0000-0000-0000-0000000000d2', pg_temp.oid_of('Agence Lyon Nord'), pg_temp.cid('Agence Lyon Nord'), 'Relance Nord', 's', 'c', 'sending', now(), now()),
          ('00000000-0000-0000-0000-0000000000d3', pg_temp.oid_of('Agence Marseille Sud'), pg_temp.cid('Agence Marseille Sud'), 'Offre Sud', 's', 'c', 'sent', now() - interval '3 days', now() - interval '3 days'),
          ('00000000-0000-0000-0000-0000000000d6', pg_temp.oid_of('Agence Marseille Sud'), pg_temp.cid('Agence Marseille Sud'), '=SOMME(A1) brouillon', 's', 'c', 'draft', null, now()),
          ('00000000-0000-0000-0000-0000000000d4', pg_temp.oid_of('Agence Soleil'), pg_temp.cid('Agence Soleil'), 'Soleil d''été', 's', 'c', 'sent', now() - interval '60 days', now() - interval '60 days'),
          ('00000000-0000-0000-0000-0000000000d5', pg_temp.oid_of('Agence Ailleurs'), pg_temp.cid('Agence Ailleurs'), 'Autre envoi', 's', 'c', 'sending', now(), now());

        -- Connexions: Nord's Brevo has used 85 of its 100 calls today; Sud's key was refused.
        insert into brevo_connexion (organisation_id, client_type, client_id, brevo_limite_quotidienne, brevo_usage_quotidien, brevo_reset_quota_at) values
          (pg_temp.oid_of('Agence Lyon Nord'), 'reseau_agence', pg_temp.cid('Agence Lyon Nord'), 100, 85, now() + interval '1 day');
        insert into brevo_connexion (organisation_id, client_type, client_id, brevo_statut_connexion) values
          (pg_temp.oid_of('Agence Marseille Sud'), 'reseau_agence', pg_temp.cid('Agence Marseille Sud'), 'cle_invalide');

        -- Printemps Nord: 10 emails two days ago.
        insert into emails_sent (organisation_id, client_id, campaign_id, contact_id, recipient_email, recipient_organization, status, sent_at, opened_at, created_at)
        select pg_temp.oid_of('Agence Lyon Nord'), pg_temp.cid('Agence Lyon Nord'), '00000000-0000-0000-0000-0000000000d1', v.contact, v.email, v.org, v.status,
               now() - interval '2 days', case when v.opened then now() - interval '2 days' end, now() - interval '2 days'
        from (values
          ('00000000-0000-0000-0000-0000000000c1'::uuid, 'anne@boulangerie-nord.fr', 'Boulangerie Nord', 'delivered', true),
          (null, 'p2@boulangerie-nord.fr', 'Boulangerie Nord', 'delivered', true),
          (null, 'p3@boulangerie-nord.fr', 'Boulangerie Nord', 'delivered', false),
          (null, 'p4@boulangerie-nord.fr', 'Boulangerie Nord', 'delivered', false),
          (null, 'p5@boulangerie-nord.fr', 'Boulangerie Nord', 'delivered', false),
          (null, 'p6@boulangerie-nord.fr', 'Boulangerie Nord', 'sent', false),
          (null, 'g1@garage-nord.fr', 'Garage Nord', 'sent', false),
          (null, 'g2@garage-nord.fr', 'Garage Nord', 'failed', false),
          ('00000000-0000-0000-0000-0000000000c2'::uuid, 'bruno@garage-nord.fr', 'Garage Nord', 'bounced', false),
          (null, 'g4@garage-nord.fr', 'Garage Nord', 'bounced', false)
        ) v(contact, email, org, status, opened);

        -- Relance Nord: 4 emails today, one delivered.
        insert into emails_sent (organisation_id, client_id, campaign_id, contact_id, recipient_email, recipient_organization, status, sent_at, created_at)
        select pg_temp.oid_of('Agence Lyon Nord'), pg_temp.cid('Agence Lyon Nord'), '00000000-0000-0000-0000-0000000000d2', v.contact, v.email, 'Boulangerie Nord', v.status,
               case when v.status = 'delivered' then now() end, now()
        from (values
          ('00000000-0000-0000-0000-0000000000c1'::uuid, 'anne@boulangerie-nord.fr', 'delivered'),
          ('00000000-0000-0000-0000-0000000000c3'::uuid, 'carla@boulangerie-nord.fr', 'pending'),
          (null, 'r3@boulangerie-nord.fr', 'pending'),
          (null, 'r4@boulangerie-nord.fr', 'sending')
        ) v(contact, email, status);

        -- Offre Sud: 5 emails three days ago.
        insert into emails_sent (organisation_id, client_id, campaign_id, contact_id, recipient_email, recipient_organization, status, sent_at, opened_at, created_at)
        select pg_temp.oid_of('Agence Marseille Sud'), pg_temp.cid('Agence Marseille Sud'), '00000000-0000-0000-0000-0000000000d3', null, 's' || i || '@savon-sud.fr', 'Savon Sud',
               case when i = 5 then 'bounced' else 'delivered' end, now() - interval '3 days',
               case when i = 1 then now() - interval '3 days' end, now() - interval '3 days'
        from generate_series(1, 5) i;

        -- Soleil d'été: 3 delivered, 60 days ago.
        insert into emails_sent (organisation_id, client_id, campaign_id, recipient_email, recipient_organization, status, sent_at, created_at)
        select pg_temp.oid_of('Agence Soleil'), pg_temp.cid('Agence Soleil'), '00000000-0000-0000-0000-0000000000d4', 'o' || i || '@plage-soleil.fr', 'Plage Soleil',
               'delivered', now() - interval '60 days', now() - interval '60 days'
        from generate_series(1, 3) i;

        -- The other organisation: 7 delivered today.
        insert into emails_sent (organisation_id, client_id, campaign_id, recipient_email, recipient_organization, status, sent_at, created_at)
        select pg_temp.oid_of('Agence Ailleurs'), pg_temp.cid('Agence Ailleurs'), '00000000-0000-0000-0000-0000000000d5', 'x' || i || '@ailleurs.fr', 'Ailleurs SA',
               'delivered', now(), now()
        from generate_series(1, 7) i;
        """;
}
