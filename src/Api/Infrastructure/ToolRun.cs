using System.Reflection;

namespace Marketplace.Api.Infrastructure;

/// <summary>
/// Build-time OpenAPI generation runs Program inside the GetDocument tool; then the app must not touch
/// a database or demand production secrets.
/// </summary>
internal static class ToolRun
{
    public static bool IsActive { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";
}
