using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using Presenca.Web.Connexions;

namespace Presenca.Web.Campaigns.Drafting;

/// <summary>
/// One streamed chat completion through the official OpenAI client, over this typed HttpClient
/// (base address Presenca:OpenAI:BaseUrl, no retries: a retry would be a second call the quota and
/// the budget did not reserve). Every way the call can end becomes a <see cref="DraftCall"/> with a
/// French message and the usage OpenAI reported (null when it reported none).
/// </summary>
public sealed class OpenAiDrafter(HttpClient http, IConfiguration configuration)
{
    public const string TimeoutSetting = "Presenca:OpenAI:Timeout";

    public TimeSpan Timeout => TimeSpan.TryParse(configuration[TimeoutSetting], CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero
        ? timeout : TimeSpan.FromSeconds(90);

    public async Task<DraftCall> StreamAsync(OpenAiCredentials credentials, string model, DraftPrompt prompt, int maxTokens,
        Func<string, Task> onText, CancellationToken cancellationToken)
    {
        var baseAddress = ConnexionsOptions.BaseAddress(configuration, ConnexionsOptions.OpenAiBaseUrl, "https://api.openai.com");
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(baseAddress, "v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout,
            OrganizationId = credentials.Organisation,
            ProjectId = credentials.Project,
        };
        var client = new ChatClient(model, new ApiKeyCredential(credentials.ApiKey), options);
        var chat = new ChatCompletionOptions { MaxOutputTokenCount = maxTokens };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);

        var text = new StringBuilder();
        var refusal = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        try
        {
            await foreach (var update in client.CompleteChatStreamingAsync(prompt.Messages, chat, deadline.Token).WithCancellation(deadline.Token))
            {
                foreach (var part in update.ContentUpdate)
                {
                    if (part.Text is { Length: > 0 } chunk)
                    {
                        text.Append(chunk);
                        await onText(chunk);
                    }
                }

                refusal.Append(update.RefusalUpdate);
                finish = update.FinishReason ?? finish;
                usage = update.Usage ?? usage;
            }
        }
        catch (Exception failure) when (cancellationToken.IsCancellationRequested && failure is OperationCanceledException or IOException or HttpRequestException)
        {
            return Ended(DraftOutcome.Annulee, "Rédaction annulée : rien n'a été ajouté au modèle.");
        }
        catch (Exception failure) when (failure is OperationCanceledException || (deadline.IsCancellationRequested && failure is IOException or HttpRequestException))
        {
            return Ended(DraftOutcome.DelaiDepasse, $"OpenAI n'a pas terminé dans le délai de {Timeout.TotalSeconds:0} s : rien n'a été ajouté au modèle. Réessayez plus tard.");
        }
        catch (ClientResultException failure) when (failure.Status is 401 or 403)
        {
            return Ended(DraftOutcome.CleInvalide, "OpenAI refuse la clé API de la connexion (révoquée ou invalide) : la connexion est maintenant en erreur. Remplacez la clé dans Connexions, puis testez la connexion.");
        }
        catch (ClientResultException failure) when (failure.Status == 429)
        {
            var retry = failure.GetRawResponse()?.Headers.TryGetValue("Retry-After", out var value) == true && int.TryParse(value, out var seconds)
                ? $" Réessayez dans {seconds} s." : " Réessayez dans quelques instants.";
            return Ended(DraftOutcome.LimiteFournisseur, "OpenAI limite le nombre de requêtes de ce compte pour le moment." + retry);
        }
        catch (ClientResultException failure) when (failure.Status >= 400)
        {
            return Ended(DraftOutcome.ErreurFournisseur, $"OpenAI a répondu par une erreur (HTTP {failure.Status}) : rien n'a été ajouté au modèle. Réessayez plus tard.");
        }
        catch (Exception failure) when (failure is ClientResultException or HttpRequestException or IOException)
        {
            return Ended(DraftOutcome.Interrompue, "La réponse d'OpenAI s'est interrompue avant la fin : rien n'a été ajouté au modèle. Réessayez.");
        }

        if (refusal.Length > 0)
        {
            return Ended(DraftOutcome.Refus, $"OpenAI a refusé de rédiger cet e-mail : « {refusal.ToString().Trim()} ». Reformulez le brief.");
        }

        if (finish == ChatFinishReason.ContentFilter)
        {
            return Ended(DraftOutcome.FiltreContenu, "Le filtre de contenu d'OpenAI a interrompu la rédaction : rien n'a été ajouté au modèle. Reformulez le brief.");
        }

        if (finish is null)
        {
            return Ended(DraftOutcome.Interrompue, "La réponse d'OpenAI s'est interrompue avant la fin : rien n'a été ajouté au modèle. Réessayez.");
        }

        return new DraftCall(DraftOutcome.Reussie, null, text.ToString(), finish == ChatFinishReason.Length, usage?.InputTokenCount, usage?.OutputTokenCount);

        DraftCall Ended(DraftOutcome outcome, string message) =>
            new(outcome, message, "", false, usage?.InputTokenCount, usage?.OutputTokenCount);
    }
}

public sealed record OpenAiCredentials(string ApiKey, string? Organisation, string? Project);

/// <summary>How a call ended: the text (on success only) and the usage OpenAI reported, if it did.</summary>
public sealed record DraftCall(DraftOutcome Outcome, string? Message, string Text, bool Truncated, int? PromptTokens, int? CompletionTokens);

public static class DraftOutcomes
{
    /// <summary>The value of openai_generations.outcome.</summary>
    public static string Stored(this DraftOutcome outcome) => outcome switch
    {
        DraftOutcome.Reussie => "reussie",
        DraftOutcome.Annulee => "annulee",
        DraftOutcome.CleInvalide => "cle_invalide",
        DraftOutcome.LimiteFournisseur => "limite_fournisseur",
        DraftOutcome.ErreurFournisseur => "erreur_fournisseur",
        DraftOutcome.DelaiDepasse => "delai_depasse",
        DraftOutcome.Refus => "refus",
        DraftOutcome.FiltreContenu => "filtre_contenu",
        _ => "interrompue",
    };
}

/// <summary>Outcomes as stored in openai_generations.outcome.</summary>
public enum DraftOutcome
{
    Reussie,
    Annulee,
    CleInvalide,
    LimiteFournisseur,
    ErreurFournisseur,
    DelaiDepasse,
    Refus,
    FiltreContenu,
    Interrompue,
}
