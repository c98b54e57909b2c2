using Marketplace.TestSupport;

namespace Marketplace.Api.Tests.Sqlite;

/// <summary>A node without a certificate for the key ring refuses to start outside Development.</summary>
public sealed class StartupTests
{
    private sealed class AppWithoutKeyRingCertificate : SqliteMarketplaceApp
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
            [new("DataProtection:CertificatePath", null)];
    }

    [Fact]
    public async Task Outside_Development_the_app_refuses_to_start_without_a_key_ring_certificate()
    {
        await using var app = new AppWithoutKeyRingCertificate();
        var failure = await Should.ThrowAsync<InvalidOperationException>(async () => await app.InitializeAsync());
        failure.Message.ShouldContain("DataProtection:CertificatePath");
    }
}
