using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Marketplace.FakeBroker.Tests.Support;
using Shouldly;

namespace Marketplace.FakeBroker.Tests;

public sealed class ProtocolTests
{
    [Fact]
    public async Task Missing_or_wrong_basic_auth_answers_401_with_an_osb_error_body()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var anonymous = Osb.Client(broker, auth: false);
        using var wrong = Osb.Client(broker, auth: false);
        wrong.DefaultRequestHeaders.Authorization = Osb.Basic(Osb.User, "p");

        foreach (var client in new[] { anonymous, wrong })
        {
            using var response = await client.GetAsync(new Uri("v2/catalog", UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            var body = await response.ReadJsonAsync();
            ((string?)body["error"]).ShouldBe("Unauthorized");
            ((string?)body["description"]).ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1.13")]
    [InlineData("two")]
    public async Task A_missing_or_older_api_version_answers_412(string? version)
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker, apiVersion: version);

        using var response = await client.GetAsync(new Uri("v2/catalog", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var body = await response.ReadJsonAsync();
        ((string?)body["error"]).ShouldBe("PreconditionFailed");
        ((string?)body["description"]).ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task The_request_identity_is_echoed_on_success_and_on_errors()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        using var anonymous = Osb.Client(broker, auth: false);

        foreach (var (sender, expected) in new[] { (client, HttpStatusCode.OK), (anonymous, HttpStatusCode.Unauthorized) })
        {
            var identity = Guid.NewGuid().ToString();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("v2/catalog", UriKind.Relative));
            request.Headers.Add("X-Broker-API-Request-Identity", identity);
            using var response = await sender.SendAsync(request);
            response.StatusCode.ShouldBe(expected);
            response.Headers.GetValues("X-Broker-API-Request-Identity").ShouldBe([identity]);
        }
    }

    [Fact]
    public async Task Requests_are_recorded_with_headers_body_and_the_status_sent()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        var instanceId = Guid.NewGuid().ToString();
        using var content = Osb.Json(Osb.ProvisionBody());

        using var response = await client.PutAsync(new Uri($"v2/service_instances/{instanceId}?accepts_incomplete=true", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var recorded = await broker.WaitForRequestAsync(r => r.Operation == OsbOperation.Provision && r.IsCompleted);
        recorded.Method.ShouldBe("PUT");
        recorded.Path.ShouldBe($"/v2/service_instances/{instanceId}");
        recorded.QueryString.ShouldBe("?accepts_incomplete=true");
        recorded.QueryValue("accepts_incomplete").ShouldBe("true");
        recorded.InstanceId.ShouldBe(instanceId);
        recorded.Header("x-broker-api-version").ShouldBe("2.17");
        recorded.Header("Authorization").ShouldStartWith("Basic ");
        recorded.Header("Content-Type").ShouldBe("application/json; charset=utf-8");
        recorded.Body.ShouldBe(Osb.ProvisionBody());
        recorded.ResponseStatus.ShouldBe(201);
        recorded.ReceivedAt.ShouldBeLessThanOrEqualTo(recorded.CompletedAt!.Value);
        broker.Instances.ShouldHaveSingleItem().Id.ShouldBe(instanceId);
    }

    [Fact]
    public async Task Https_with_a_self_signed_certificate_works_for_a_client_that_trusts_it()
    {
        using var certificate = SelfSignedLoopbackCertificate();
        await using var broker = await FakeOsbBroker.StartAsync(new FakeBrokerOptions
        {
            Username = Osb.User,
            Password = Osb.Password,
            Certificate = certificate,
        });
        broker.BaseAddress.Scheme.ShouldBe("https");
        using var trusting = Osb.Client(broker, handler: new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = TrustOnly(certificate) },
        });
        using var strict = Osb.Client(broker);

        using var response = await trusting.GetAsync(new Uri("v2/catalog", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Should.ThrowAsync<HttpRequestException>(() => strict.GetAsync(new Uri("v2/catalog", UriKind.Relative)));
    }

    /// <summary>Accepts a chain that ends at <paramref name="trusted"/> (and nothing else); name checks still apply.</summary>
    private static RemoteCertificateValidationCallback TrustOnly(X509Certificate2 trusted) => (_, presented, _, errors) =>
    {
        if (presented is not X509Certificate2 certificate || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    };

    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fake-osb-broker", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PFX so the key is usable by SslStream on every OS.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
