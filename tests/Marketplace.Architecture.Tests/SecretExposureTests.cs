using Marketplace.Architecture.Tests.Support;

namespace Marketplace.Architecture.Tests;

/// <summary>Passwords are write-only: no response contract and no application DTO carries one.</summary>
public class SecretExposureTests
{
    private const string ApiEndpoints = "Marketplace.Api.Endpoints";

    [Fact]
    public void No_response_contract_exposes_a_password()
    {
        var responses = Layers.WrittenTypesOf(Layers.Api)
            .Where(t => t.Namespace is { } ns && (ns == ApiEndpoints || ns.StartsWith(ApiEndpoints + ".", StringComparison.Ordinal))
                        && Layers.PlainName(t).EndsWith("Response", StringComparison.Ordinal))
            .ToList();
        responses.ShouldNotBeEmpty();

        responses.SelectMany(Conventions.PasswordMembers).ShouldBeEmpty();
    }

    [Fact]
    public void No_application_DTO_exposes_a_password()
    {
        var dtos = Layers.WrittenTypesOf(Layers.Application)
            .Where(t => Layers.PlainName(t).EndsWith("Dto", StringComparison.Ordinal))
            .ToList();
        dtos.ShouldNotBeEmpty();

        dtos.SelectMany(Conventions.PasswordMembers).ShouldBeEmpty();
    }
}
