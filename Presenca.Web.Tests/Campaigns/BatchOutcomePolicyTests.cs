using Presenca.Web.Campaigns.Sending;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>What the pipeline does after each kind of answer from Brevo.</summary>
public sealed class BatchOutcomePolicyTests
{
    private static readonly BatchRetryOptions Options = new();

    private static BatchDecision Decide(EmailSendOutcome outcome, int attempt = 1) => BatchOutcomePolicy.Decide(outcome, attempt, Options, jitter: 1);

    [Fact]
    public void Accepted_batch_records_its_message_ids()
    {
        var decision = Decide(new EmailSendOutcome.Accepted(["<1@x>", "<2@x>"]));

        Assert.Equal(["<1@x>", "<2@x>"], Assert.IsType<BatchDecision.RecordSent>(decision).MessageIds);
    }

    [Fact]
    public void Rate_limited_batch_waits_exactly_what_Brevo_asked()
    {
        var decision = Decide(new EmailSendOutcome.RateLimited(TimeSpan.FromSeconds(42)), attempt: 5);

        Assert.Equal(TimeSpan.FromSeconds(42), Assert.IsType<BatchDecision.RetryLater>(decision).Delay);
    }

    [Fact]
    public void Transient_failures_back_off_exponentially_up_to_a_cap()
    {
        var delays = Enumerable.Range(1, 8).Select(a => BatchOutcomePolicy.Backoff(a, Options, jitter: 1)).ToList();

        Assert.Equal(TimeSpan.FromSeconds(2), delays[0]);
        Assert.Equal(TimeSpan.FromSeconds(4), delays[1]);
        Assert.Equal(TimeSpan.FromSeconds(8), delays[2]);
        Assert.Equal(Options.MaxDelay, delays[^1]);
    }

    [Fact]
    public void Jitter_only_ever_shortens_a_delay_by_at_most_a_fifth()
    {
        Assert.Equal(TimeSpan.FromSeconds(1.6), BatchOutcomePolicy.Backoff(1, Options, jitter: 0));
    }

    [Fact]
    public void All_retries_of_a_batch_fit_inside_Brevo_30_minute_idempotency_window()
    {
        var total = Enumerable.Range(1, Options.MaxTransientAttempts - 1).Aggregate(TimeSpan.Zero, (sum, a) => sum + BatchOutcomePolicy.Backoff(a, Options, 1));

        Assert.True(total < TimeSpan.FromMinutes(30), $"{total}");
    }

    [Fact]
    public void Default_retries_outlast_a_30_second_Brevo_outage_before_pausing()
    {
        var defaults = new BatchRetryOptions();
        // The shortest waits the jitter allows, before the attempt that would pause the campaign.
        var beforePause = Enumerable.Range(1, defaults.MaxTransientAttempts - 1).Aggregate(TimeSpan.Zero, (sum, a) => sum + BatchOutcomePolicy.Backoff(a, defaults, 0));

        Assert.True(beforePause > TimeSpan.FromSeconds(30), $"{beforePause}");
    }

    [Fact]
    public void Brevo_down_for_too_long_pauses_the_campaign_instead_of_failing_recipients()
    {
        var decision = Decide(new EmailSendOutcome.Transient("Brevo a répondu 500."), attempt: Options.MaxTransientAttempts);

        Assert.Contains("en pause", Assert.IsType<BatchDecision.PauseCampaign>(decision).Explanation);
    }

    [Fact]
    public void A_request_Brevo_refuses_fails_its_recipients_with_Brevo_reason()
    {
        var decision = Decide(new EmailSendOutcome.Rejected("invalid_parameter", "email is not valid in to"));

        Assert.Equal("Brevo a refusé l'envoi : email is not valid in to (invalid_parameter).", Assert.IsType<BatchDecision.FailRecipients>(decision).Reason);
    }

    [Fact]
    public void A_refused_api_key_pauses_the_campaign_with_a_French_explanation()
    {
        var decision = Decide(new EmailSendOutcome.Unauthorized("Key not found"));

        Assert.StartsWith("Brevo refuse la clé API", Assert.IsType<BatchDecision.PauseCampaign>(decision).Explanation);
    }

    [Fact]
    public void An_account_without_credits_pauses_the_campaign_with_a_French_explanation()
    {
        var decision = Decide(new EmailSendOutcome.PaymentRequired("Not enough credits"));

        Assert.Contains("plus de crédits", Assert.IsType<BatchDecision.PauseCampaign>(decision).Explanation);
    }
}
