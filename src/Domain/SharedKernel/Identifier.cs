using System.Text.RegularExpressions;

namespace Marketplace.Domain.SharedKernel;

/// <summary>The identifier format shared by customers, projects, locations and brokers: a lowercase slug.</summary>
public static partial class Identifier
{
    public const int MinLength = 3;
    public const int MaxLength = 63;

    public const string FormatDescription =
        "must be 3 to 63 characters of a-z, 0-9 and '-', starting with a letter";

    public static bool IsValid(string? value) => value is not null && SlugPattern().IsMatch(value);

    [GeneratedRegex(@"^[a-z][a-z0-9-]{2,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
