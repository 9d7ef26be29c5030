using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Data.Modeling;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// Writes a sending campaign's recipients into <c>emails_sent</c> and their batches, one chunk of
/// contacts at a time in contact id order, each chunk in its own transaction: workers claim a
/// chunk's batches as soon as it commits, while the next chunks are still being written.
/// </summary>
/// <remarks>
/// <para>The audience is the contacts matching the campaign's audience that existed when it
/// started (<c>created_at</c> up to <c>audience_cutoff</c>): contacts added later are not included.
/// Unsubscribed and hard-bounced contacts are excluded when their chunk is prepared, so a contact
/// who unsubscribes during the preparation, before its chunk, is skipped; one who unsubscribes after
/// its chunk was prepared is left to Brevo's own blocklist, as before chunking.</para>
/// <para>Exactly once: a chunk and its cursor (<c>prepared_through</c>) commit together, so a worker
/// killed mid-chunk leaves nothing of it and the next one resumes after the last committed chunk;
/// UNIQUE(campaign_id, contact_id) refuses a second row for anyone. One worker prepares a campaign at
/// a time (a transaction-scoped advisory lock); the others send its batches meanwhile.</para>
/// <para>The audience is counted by <see cref="CountNextAudienceAsync"/>, beside the chunks and after the
/// first one, so that the start and the first batch wait for no count.</para>
/// <para>Only a campaign in "sending" is prepared: a pause stops the preparation until the campaign
/// is resumed, a cancel stops it for good and <see cref="ClearCancelledAsync"/> deletes the
/// recipients that were prepared but never handed to Brevo.</para>
/// </remarks>
public sealed class CampaignPreparer(PresencaDatabase database, IOptions<PipelineOptions> options)
{
    private const int CommandTimeoutSeconds = 5 * 60;

    /// <summary>Prepares the next chunk of the oldest campaign that has one free; false when there was none.</summary>
    public async Task<bool> PrepareNextChunkAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<Guid>();
        await using (var db = await PipelineTransaction.BeginAsync(database, cancellationToken))
        {
            await using var command = db.Command("select id from email_campaigns where preparing and status = 'sending' order by started_at limit 20");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add(reader.GetGuid(0));
            }
        }

        foreach (var campaignId in candidates)
        {
            if (await TryPrepareChunkAsync(campaignId, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Prepares every remaining chunk of one campaign (tests, and whoever must not wait for a worker).</summary>
    public async Task PrepareAllAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        while (await TryPrepareChunkAsync(campaignId, cancellationToken))
        {
        }
    }

    private sealed record Preparation(
        Guid OrganisationId, Guid? UserId, CampaignAudience Audience, Guid? PreparedThrough, DateTimeOffset Cutoff);

    private async Task<bool> TryPrepareChunkAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var batchSize = Math.Clamp(settings.BatchSize, 1, Sending.EmailBatch.MaxVersions);
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);

        // Another worker preparing this campaign holds it: this one sends instead.
        await using (var lockCommand = db.Command("select pg_try_advisory_xact_lock(hashtextextended('campaign-preparation:' || $1::text, 0))", campaignId))
        {
            if (await lockCommand.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return false;
            }
        }

        if (await ReadAsync(db, campaignId, cancellationToken) is not { } preparation)
        {
            return false;
        }

        int firstBatch;
        await using (var last = db.Command("select coalesce(max(batch_no), 0) from email_batches where campaign_id = $1", campaignId))
        {
            firstBatch = (int)(await last.ExecuteScalarAsync(cancellationToken))!;
        }

        // The first chunk is one batch, so that the first call to Brevo waits for nothing else; then
        // each chunk is as large as all before it, up to PreparationChunk, so that the next one
        // commits while the last ones are sent (a full chunk after a single batch left the senders
        // idle for seconds).
        var limit = preparation.PreparedThrough is null
            ? batchSize
            : (int)Math.Clamp((long)firstBatch * batchSize, batchSize, Math.Max(batchSize, settings.PreparationChunk));

        var (scanned, lastContact) = await WriteChunkAsync(db, campaignId, preparation, limit, firstBatch, batchSize, cancellationToken);
        var finished = scanned < limit;
        // Not counted yet (null): the count, when it comes, accounts for this chunk through recipients_prepared.
        await db.ExecuteAsync("""
            update email_campaigns set prepared_through = coalesce($2, prepared_through), preparing = not $3,
              recipients_to_prepare = case when $3 then 0 when recipients_to_prepare is null then null
                                           else greatest(0, recipients_to_prepare - $4) end,
              recipients_prepared = recipients_prepared + $4
            where id = $1
            """, cancellationToken, campaignId, (object?)lastContact ?? DBNull.Value, finished, scanned);
        if (finished)
        {
            // Every batch may already be done (or there was none left to write).
            await db.ExecuteAsync(CampaignCompletion.CompleteOneSql, cancellationToken, campaignId);
        }

        await db.ExecuteAsync("select announce_campaign_progress($1)", cancellationToken, campaignId);
        if (scanned > 0)
        {
            // The other processes' send loops claim this chunk's batches as soon as it commits.
            await db.ExecuteAsync(PipelineListener.AnnounceSql, cancellationToken);
        }

        await db.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<Preparation?> ReadAsync(PipelineTransaction db, Guid campaignId, CancellationToken cancellationToken)
    {
        await using var command = db.Command("""
            select organisation_id, client_id, user_id, audience_kind, audience_organization_ids, audience_search,
                   prepared_through, audience_cutoff
            from email_campaigns where id = $1 and status = 'sending' and preparing
            """, campaignId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var audience = new CampaignAudience(
            reader.GetGuid(1),
            SnakeCaseEnumConverter<AudienceKind>.FromText(reader.GetString(3)),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<Guid[]>(4),
            reader.IsDBNull(5) ? null : reader.GetString(5));
        return new Preparation(
            reader.GetGuid(0),
            reader.IsDBNull(2) ? null : reader.GetGuid(2),
            audience,
            reader.IsDBNull(6) ? null : reader.GetGuid(6),
            reader.GetFieldValue<DateTimeOffset>(7));
    }

    // One statement: the next contacts after the cursor, their recipients (batch k of the chunk is
    // batch number firstBatch + k + 1, its id a name-based uuid of campaign and number) and batches.
    private static async Task<(int Scanned, Guid? LastContact)> WriteChunkAsync(
        PipelineTransaction db, Guid campaignId, Preparation preparation, int limit, int firstBatch, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = db.Command($"""
            with chunk as materialized (
              select c.id, c.organisation_id, c.client_id, c.email, c.organization_name
              from contacts c
              where {CampaignAudience.Predicate}
                and c.organisation_id = $5 and c.id > $6 and c.created_at <= $7
              order by c.id
              limit $8
            ), numbered as (
              select chunk.*, $9 + ((row_number() over (order by chunk.id) - 1) / $10)::int as batch_index from chunk
            ), inserted as (
              insert into emails_sent (organisation_id, client_id, campaign_id, contact_id, recipient_email, recipient_organization, user_id, batch_id)
              select n.organisation_id, n.client_id, $11, n.id, n.email, n.organization_name, $12, md5($11::text || ':' || n.batch_index)::uuid
              from numbered n
              order by n.id
              on conflict (campaign_id, contact_id) do nothing
              returning contact_id
            ), batches as (
              insert into email_batches (id, organisation_id, client_id, campaign_id, batch_no)
              select md5($11::text || ':' || n.batch_index)::uuid, min(n.organisation_id::text)::uuid, min(n.client_id::text)::uuid, $11, n.batch_index + 1
              from numbered n join inserted i on i.contact_id = n.id
              group by n.batch_index
              returning 1
            )
            select (select count(*) from chunk)::int, (select id from chunk order by id desc limit 1), (select count(*) from batches)::int
            """);
        command.CommandTimeout = CommandTimeoutSeconds;
        command.Parameters.AddRange(preparation.Audience.Parameters().ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = preparation.OrganisationId });
        command.Parameters.Add(new NpgsqlParameter { Value = preparation.PreparedThrough ?? Guid.Empty });
        command.Parameters.Add(new NpgsqlParameter { Value = preparation.Cutoff });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = firstBatch });
        command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
        command.Parameters.Add(new NpgsqlParameter { Value = campaignId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)preparation.UserId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetGuid(1));
    }

    /// <summary>
    /// Counts the audience of the oldest campaign whose first chunk is prepared and whose count is
    /// not known yet; false when there was none. "Envoyer maintenant" leaves the count to this step
    /// (1.6 s at 1,000,000 contacts), which runs beside the chunks, not before them.
    /// </summary>
    public async Task<bool> CountNextAudienceAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<Guid>();
        await using (var db = await PipelineTransaction.BeginAsync(database, cancellationToken))
        {
            await using var command = db.Command("""
                select id from email_campaigns
                where preparing and recipients_to_prepare is null and prepared_through is not null and status in ('sending', 'paused')
                order by started_at limit 20
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add(reader.GetGuid(0));
            }
        }

        foreach (var campaignId in candidates)
        {
            if (await TryCountAsync(campaignId, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    // The count is of the contacts after the cursor, both read in one snapshot; chunks that commit
    // while it runs are then taken off through recipients_prepared, so the figure is exact as of the
    // count (a contact unsubscribed since is skipped by its chunk, and the last chunk sets 0).
    private async Task<bool> TryCountAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
        await using (var lockCommand = db.Command("select pg_try_advisory_xact_lock(hashtextextended('campaign-count:' || $1::text, 0))", campaignId))
        {
            if (await lockCommand.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return false;
            }
        }

        if (await ReadUncountedAsync(db, campaignId, cancellationToken) is not { } uncounted)
        {
            return false;
        }

        var (organisationId, audience, cutoff) = uncounted;

        int remaining, preparedThen;
        await using (var count = db.Command($"""
            with p as materialized (select prepared_through, recipients_prepared from email_campaigns where id = $8)
            select (select count(*)::int from contacts c
                    where {CampaignAudience.Predicate}
                      and c.organisation_id = $5 and c.created_at <= $6
                      and c.id > coalesce((select prepared_through from p), $7)),
                   (select recipients_prepared from p)
            """))
        {
            count.CommandTimeout = CommandTimeoutSeconds;
            count.Parameters.AddRange(audience.Parameters().ToArray());
            count.Parameters.Add(new NpgsqlParameter { Value = organisationId });
            count.Parameters.Add(new NpgsqlParameter { Value = cutoff });
            count.Parameters.Add(new NpgsqlParameter { Value = Guid.Empty });
            count.Parameters.Add(new NpgsqlParameter { Value = campaignId });
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (remaining, preparedThen) = (reader.GetInt32(0), reader.GetInt32(1));
        }

        var counted = await db.ExecuteAsync("""
            update email_campaigns set recipients_to_prepare = greatest(0, $2 - (recipients_prepared - $3))
            where id = $1 and preparing and recipients_to_prepare is null
            """, cancellationToken, campaignId, remaining, preparedThen);
        if (counted > 0)
        {
            await db.ExecuteAsync("select announce_campaign_progress($1)", cancellationToken, campaignId);
        }

        await db.CommitAsync(cancellationToken);
        return counted > 0;
    }

    private static async Task<(Guid OrganisationId, CampaignAudience Audience, DateTimeOffset Cutoff)?> ReadUncountedAsync(
        PipelineTransaction db, Guid campaignId, CancellationToken cancellationToken)
    {
        await using var command = db.Command("""
            select organisation_id, client_id, audience_kind, audience_organization_ids, audience_search, audience_cutoff
            from email_campaigns where id = $1 and preparing and recipients_to_prepare is null
            """, campaignId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var audience = new CampaignAudience(
            reader.GetGuid(1),
            SnakeCaseEnumConverter<AudienceKind>.FromText(reader.GetString(2)),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<Guid[]>(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
        return (reader.GetGuid(0), audience, reader.GetFieldValue<DateTimeOffset>(5));
    }

    /// <summary>
    /// A cancelled campaign keeps no pending recipients: those prepared but never handed to Brevo
    /// are deleted (with their counters), a few batches per call, and its preparation is closed.
    /// Claimed batches are left to their worker, which gives them back on seeing the cancel.
    /// </summary>
    public async Task<int> ClearCancelledAsync(CancellationToken cancellationToken)
    {
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
        await db.ExecuteAsync("""
            update email_campaigns set preparing = false, recipients_to_prepare = 0
            where preparing and status <> 'sending' and status <> 'paused'
            """, cancellationToken);
        int cleared;
        await using (var clear = db.Command("""
            with gone as (
              select b.id from email_batches b
              join email_campaigns c on c.id = b.campaign_id
              where c.status = 'cancelled' and b.status <> 'done' and (b.status = 'pending' or b.lease_until < now())
              limit 50
              for update of b skip locked
            ), removed as (
              delete from emails_sent e using gone where e.batch_id = gone.id and e.status = 'pending'
            )
            update email_batches b set status = 'done', lease_until = null, claim_token = null
            from gone where b.id = gone.id
            """))
        {
            clear.CommandTimeout = CommandTimeoutSeconds;
            cleared = await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await db.CommitAsync(cancellationToken);
        return cleared;
    }
}
