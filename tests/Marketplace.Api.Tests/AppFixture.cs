using Marketplace.Api.Tests;
using Marketplace.TestSupport;

[assembly: AssemblyFixture(typeof(AppFixture))]

namespace Marketplace.Api.Tests;

/// <summary>This assembly runs the contract tests on the embedded default: a SQLite file.</summary>
public sealed class AppFixture : SqliteMarketplaceApp;
