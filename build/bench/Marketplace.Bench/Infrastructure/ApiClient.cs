using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Bench.Infrastructure;

/// <summary>
/// One user of the marketplace's JSON API (a bearer token). Paths are resolved against the node's current address
/// (it changes when the node restarts). Every call answers its status and body; nothing throws on 4xx or 5xx.
/// </summary>
internal sealed class ApiClient(MarketplaceNode node, string token)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = TimeSpan.FromSeconds(100),
    };

    /// <summary>The bearer token, for load loops that send their own requests.</summary>
    public string Token => token;

    public Task<ApiAnswer> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<ApiAnswer> PostAsync(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<ApiAnswer> PutAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, path, null, cancellationToken);

    public Task<ApiAnswer> PatchAsync(string path, object body, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, path, body, cancellationToken);

    public Task<ApiAnswer> DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(node.BaseAddress, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ApiAnswer(method, path, (int)response.StatusCode, text);
    }
}

/// <summary>An answer of the API: status and body text.</summary>
internal sealed record ApiAnswer(HttpMethod Method, string Path, int Status, string Body)
{
    public JsonObject Json() => Body.Length == 0 ? [] : JsonNode.Parse(Body) as JsonObject ?? throw new InvalidOperationException($"{this} is not a JSON object");

    /// <summary>The body's JSON when the status is <paramref name="status"/>; otherwise throws, quoting the answer (for set-up steps).</summary>
    public JsonObject Expect(int status) =>
        Status == status ? Json() : throw new InvalidOperationException($"{Method} {Path}: expected {status}, got {this}");

    public override string ToString() => $"{Method} {Path} -> {Status} {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}
