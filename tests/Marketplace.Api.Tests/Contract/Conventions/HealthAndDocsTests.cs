using System.Net;
using System.Text.Json.Nodes;

namespace Marketplace.Api.Tests.Contract.Conventions;

public sealed class HealthAndDocsTests(AppFixture app) : ApiTest(app)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/scalar/")]
    public async Task Answers_anonymously(string path)
    {
        (await App.Anonymous().GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_operation_for_client_generators()
    {
        var document = JsonNode.Parse(await App.Anonymous().GetStringAsync("/openapi/v1.json"))!;
        document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Path: path.Key, Method: op.Key, Operation: op.Value!)))
            .ToList();
        operations.Count.ShouldBeGreaterThan(20);
        var operationIds = new HashSet<string>();
        foreach (var (path, method, operation) in operations)
        {
            var id = operation["operationId"]?.GetValue<string>();
            id.ShouldNotBeNullOrWhiteSpace($"{method} {path} has no operationId");
            operationIds.Add(id).ShouldBeTrue($"operationId {id} is not unique");
            operation["security"].ShouldNotBeNull($"{method} {path} has no security requirement");
            operation["responses"]!["401"].ShouldNotBeNull($"{method} {path} does not document 401");
            operation["responses"]!["401"]!["content"]!["application/problem+json"].ShouldNotBeNull();
            operation["responses"]!.AsObject().Any(r => r.Key.StartsWith('2')).ShouldBeTrue($"{method} {path} has no success response");
        }

        var register = document["paths"]!["/api/brokers"]!["post"]!;
        register["requestBody"].ShouldNotBeNull();
        register["responses"]!["201"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_served_document_matches_the_committed_one()
    {
        var served = JsonNode.Parse(await App.Anonymous().GetStringAsync("/openapi/v1.json"))!;
        var committedPath = Path.Combine(RepositoryRoot(), "src", "Api", "openapi", "marketplace.json");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(committedPath))!;
        served["paths"]!.ToJsonString().ShouldBe(committed["paths"]!.ToJsonString(), "run `dotnet build src/Api` and commit src/Api/openapi");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Marketplace.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Marketplace.sln not found above the test output.");
    }
}
