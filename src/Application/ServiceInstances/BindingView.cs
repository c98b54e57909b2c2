using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Marketplace;
using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Application.ServiceInstances;

/// <summary>
/// Shows a binding; only the detail for a project member decrypts what the broker returned. Stored credentials that
/// cannot be read any more (a lost key ring, a damaged value) are never shown as <c>null</c> credentials that look like
/// "not ready yet": <c>credentialsError</c> says why.
/// </summary>
public sealed class BindingView(ISecretProtector secrets)
{
    public const string UndecryptableCode = "credentials.undecryptable";
    public const string MalformedCode = "credentials.malformed";

    public ServiceBindingDto ToDto(ServiceBinding binding, bool withCredentials)
    {
        ArgumentNullException.ThrowIfNull(binding);
        JsonObject? response = null;
        CredentialsErrorDto? error = null;
        if (withCredentials && binding.ProtectedCredentials is { } protectedResponse)
        {
            try
            {
                response = JsonNode.Parse(secrets.Unprotect(protectedResponse)) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                error = new CredentialsErrorDto(UndecryptableCode);
            }
            catch (JsonException)
            {
                error = new CredentialsErrorDto(MalformedCode);
            }
        }

        return new ServiceBindingDto(
            binding.Id, binding.InstanceId, binding.Name, binding.State,
            response?["credentials"]?.DeepClone(), error, response?["endpoints"]?.DeepClone(),
            VisibleServices.ParseJson(binding.ParametersJson), LastOperationDto.From(binding.LastOperation), binding.CreatedAt, binding.Version);
    }
}

/// <summary>Why a binding's stored credentials cannot be shown: <c>credentials.undecryptable</c> or <c>credentials.malformed</c>.</summary>
public sealed record CredentialsErrorDto(string Code);
