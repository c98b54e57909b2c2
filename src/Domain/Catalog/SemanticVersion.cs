namespace Marketplace.Domain.Catalog;

/// <summary>
/// Checks the Semantic Versioning 2.0.0 grammar (https://semver.org), which <c>maintenance_info.version</c>
/// must follow (C22): <c>MAJOR.MINOR.PATCH</c> without leading zeros, an optional <c>-pre.release</c> whose
/// numeric identifiers have no leading zeros, and optional <c>+build.metadata</c>. No leading <c>v</c>,
/// no whitespace, ASCII only.
/// </summary>
public static class SemanticVersion
{
    public static bool IsValid(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return false;
        }

        var rest = version;
        var plus = rest.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            if (!rest[(plus + 1)..].Split('.').All(IsIdentifier))
            {
                return false;
            }

            rest = rest[..plus];
        }

        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            if (!rest[(dash + 1)..].Split('.').All(IsPreReleaseIdentifier))
            {
                return false;
            }

            rest = rest[..dash];
        }

        var core = rest.Split('.');
        return core.Length == 3 && core.All(IsNumericIdentifier);
    }

    private static bool IsIdentifier(string part) =>
        part.Length > 0 && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static bool IsNumericIdentifier(string part) =>
        part.Length > 0 && part.All(char.IsAsciiDigit) && (part.Length == 1 || part[0] != '0');

    private static bool IsPreReleaseIdentifier(string part) =>
        IsIdentifier(part) && (!part.All(char.IsAsciiDigit) || IsNumericIdentifier(part));
}
