using System.Text;

namespace Presenca.Data.Modeling;

/// <summary>PostgreSQL names are snake_case (as in the seeds); C# names are PascalCase.</summary>
public static class SnakeCase
{
    public static string From(string pascalCase)
    {
        var builder = new StringBuilder(pascalCase.Length + 8);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var character = pascalCase[i];
            if (char.IsUpper(character))
            {
                var previousIsLower = i > 0 && (char.IsLower(pascalCase[i - 1]) || char.IsDigit(pascalCase[i - 1]));
                var nextIsLower = i + 1 < pascalCase.Length && char.IsLower(pascalCase[i + 1]);
                var previousIsUpper = i > 0 && char.IsUpper(pascalCase[i - 1]);
                if (i > 0 && (previousIsLower || (previousIsUpper && nextIsLower)))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(character));
            }
            else
            {
                builder.Append(character);
            }
        }

        return builder.ToString();
    }
}
