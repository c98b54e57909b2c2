namespace Marketplace.Architecture.Tests.Support;

/// <summary>Checks on an assembly's metadata references (what the compiler linked it against).</summary>
internal static class References
{
    public static IReadOnlyList<string> NamesOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetReferencedAssemblies().Select(a => a.Name!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The referenced assemblies named like one of <paramref name="forbidden"/> or a sub-name of it.</summary>
    public static IReadOnlyList<string> Forbidden(Assembly assembly, IEnumerable<string> forbidden)
    {
        var prefixes = forbidden.ToList();
        return NamesOf(assembly).Where(n => prefixes.Exists(p => DeepDependencies.IsUnder(n, p))).ToList();
    }

    public static string Report(Assembly assembly, IReadOnlyList<string> forbidden) =>
        $"{assembly.GetName().Name} references {string.Join(", ", forbidden)} (all references: {string.Join(", ", NamesOf(assembly))})";
}
