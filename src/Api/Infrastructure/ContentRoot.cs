using System.Reflection;

namespace Marketplace.Api.Infrastructure;

/// <summary>
/// <c>dotnet run</c> starts in the project folder; <c>dotnet path/to/Marketplace.Api.dll</c> starts wherever the
/// shell is. Settings files sit beside the dll, so a working folder without them means: use the dll's folder.
/// Test hosts (another entry assembly) choose their own content root.
/// </summary>
internal static class ContentRoot
{
    public static string? Resolve()
    {
        var workingDirectory = Directory.GetCurrentDirectory();
        var startedAsApp = Assembly.GetEntryAssembly() == typeof(ContentRoot).Assembly;
        return startedAsApp && !File.Exists(Path.Combine(workingDirectory, "appsettings.json"))
            ? AppContext.BaseDirectory
            : null;
    }
}
