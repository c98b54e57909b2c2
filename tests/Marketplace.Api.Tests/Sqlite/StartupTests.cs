using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>A node refuses to start without a certificate for the key ring outside Development, or with settings that would stall its broker work.</summary>
public sealed class StartupTests
{
    private sealed class AppWithoutKeyRingCertificate : SqliteMarketplaceApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
            [new("DataProtection:CertificatePath", null)];
    }

    private sealed class AppWithSettings(string key, string value) : SqliteMarketplaceApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new(key, value)];
    }

    [Theory]
    [InlineData("Operations:DispatchInterval", "00:00:00")]
    [InlineData("Operations:MaxStepFailures", "0")]
    [InlineData("Brokers:MaxConcurrentCallsPerConnection", "0")]
    [InlineData("Brokers:CircuitBreaker:FailuresToOpen", "0")]
    public async Task The_app_refuses_to_start_with_a_broker_work_setting_that_would_stall_or_spin_it(string key, string value)
    {
        await using var app = new AppWithSettings(key, value);
        var failure = await Should.ThrowAsync<InvalidOperationException>(async () => await app.InitializeAsync());
        failure.Message.ShouldContain(key);
    }

    [Theory]
    [InlineData("RateLimiting:PermitLimit", "0")]
    [InlineData("RateLimiting:PermitLimit", "many")]
    [InlineData("RateLimiting:WindowSeconds", "-1")]
    [InlineData("RateLimiting:WindowSeconds", "1.5")]
    [InlineData("Catalog:Limits:MaxBytes", "4294967296")]
    [InlineData("Api:MaxRequestBodyBytes", "0")]
    [InlineData("Jobs:PollIntervalSeconds", "0")]
    [InlineData("Jobs:WorkerCount", "0")]
    [InlineData("Catalog:RefreshInterval", "00:00:10")]
    [InlineData("Parameters:Limits:MaxDepth", "0")]
    [InlineData("Parameters:Limits:SchemaCheckBudgetSeconds", "0")]
    [InlineData("Catalog:Limits:MaxServices", "0")]
    [InlineData("Brokers:MaxAnswerBytes", "10")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "not-an-address")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99")]
    public async Task The_app_refuses_to_start_with_a_setting_it_could_not_serve_with_naming_the_key(string key, string value)
    {
        await using var app = new AppWithSettings(key, value);
        var failure = await Should.ThrowAsync<InvalidOperationException>(async () => await app.InitializeAsync());
        failure.Message.ShouldContain(key.EndsWith(":0", StringComparison.Ordinal) ? key[..^2] : key);
    }

    [Fact]
    public async Task Outside_Development_the_app_refuses_to_start_without_a_key_ring_certificate()
    {
        await using var app = new AppWithoutKeyRingCertificate();
        var failure = await Should.ThrowAsync<InvalidOperationException>(async () => await app.InitializeAsync());
        failure.Message.ShouldContain("DataProtection:CertificatePath");
    }
}
