using System.Globalization;

namespace Presenca.Web.Connexions;

/// <summary>
/// What OpenAI charges per model (Presenca:OpenAI:Prices:&lt;model&gt;:Input / :Output, per million
/// tokens) and in which currency (Presenca:OpenAI:Currency): the monthly budget of an OpenAI
/// connexion is counted in that currency, and a model without a price cannot be used, because its
/// worst-case cost could not be reserved.
/// </summary>
public sealed class OpenAiPricing
{
    public const string Section = "Presenca:OpenAI";

    private readonly Dictionary<string, ModelPrice> _prices;

    public OpenAiPricing(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        Currency = section["Currency"] is { Length: > 0 } currency ? currency : "USD";
        _prices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var model in section.GetSection("Prices").GetChildren())
        {
            if (Parse(model["Input"]) is { } input && Parse(model["Output"]) is { } output)
            {
                _prices[model.Key] = new ModelPrice(input, output);
            }
        }
    }

    public string Currency { get; }

    public IReadOnlyCollection<string> PricedModels => _prices.Keys;

    public ModelPrice? PriceOf(string model) => _prices.GetValueOrDefault(model);

    /// <summary>A cost in the budget's unit (4 decimals, as stored), rounded up so a reservation never falls short.</summary>
    public static decimal Cost(ModelPrice price, long inputTokens, long outputTokens) =>
        Math.Ceiling(((inputTokens * price.InputPerMillion) + (outputTokens * price.OutputPerMillion)) / 1_000_000m * 10_000m) / 10_000m;

    /// <summary>"1,23 USD": budgets and costs as the pages show them.</summary>
    public string Format(decimal amount) => amount.ToString(amount != 0 && Math.Abs(amount) < 0.01m ? "N4" : "N2", CultureInfo.GetCultureInfo("fr-FR")) + " " + Currency;

    private static decimal? Parse(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : null;
}

/// <summary>Prices per million tokens, prompt (input) and completion (output).</summary>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion);
