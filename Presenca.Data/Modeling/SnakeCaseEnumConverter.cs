using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Presenca.Data.Modeling;

/// <summary>Stores an enum as the snake_case text the seeds use (<c>reseau_agence</c>, <c>admin_presenca</c>).</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => ToText(value),
    text => FromText(text))
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Texts =
        Enum.GetValues<TEnum>().ToDictionary(value => value, value => SnakeCase.From(value.ToString()));

    private static readonly Dictionary<string, TEnum> Values =
        Texts.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static string ToText(TEnum value) => Texts[value];

    public static TEnum FromText(string text) =>
        Values.TryGetValue(text, out var value)
            ? value
            : throw new InvalidOperationException($"Unknown {typeof(TEnum).Name} value '{text}' in the database.");

    /// <summary>Reads text from outside (a form): false rather than an exception for unknown text.</summary>
    public static bool TryFromText(string? text, out TEnum value)
    {
        value = default;
        return text is not null && Values.TryGetValue(text, out value);
    }
}
