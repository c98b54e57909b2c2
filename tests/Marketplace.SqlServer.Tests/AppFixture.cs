using Marketplace.Api.Tests;
using Marketplace.TestSupport;

[assembly: AssemblyFixture(typeof(AppFixture))]

namespace Marketplace.Api.Tests;

/// <summary>
/// This assembly runs the API contract tests on SQL Server (Testcontainers.MsSql). Where no Docker engine
/// is reachable, every contract test is skipped, saying so.
/// </summary>
public sealed class AppFixture : SqlServerMarketplaceApp;
