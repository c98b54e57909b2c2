using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Application.Common.Ports;
using Marketplace.Application.Marketplace;
using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Application.ServiceInstances;

/// <summary>Shows a binding; only the detail for a project member decrypts what the broker returned.</summary>
public sealed class BindingView(ISecretProtector secrets)
{
    public ServiceBindingDto ToDto(ServiceBinding binding, bool withCredentials)
    {
        ArgumentNullException.ThrowIfNull(binding);
        JsonObject? response = null;
        if (withCredentials && binding.ProtectedCredentials is { } protectedResponse)
        {
            try
            {
                response = JsonNode.Parse(secrets.Unprotect(protectedResponse)) as JsonObject;
            }
            catch (Exception e) when (e is JsonException or System.Security.Cryptography.CryptographicException)
            {
                response = null; // unreadable (a lost key ring): shown without credentials rather than failing the request
            }
        }

        return new ServiceBindingDto(
            binding.Id, binding.InstanceId, binding.Name, binding.State,
            response?["credentials"]?.DeepClone(), response?["endpoints"]?.DeepClone(),
            VisibleServices.ParseJson(binding.ParametersJson), LastOperationDto.From(binding.LastOperation), binding.CreatedAt, binding.Version);
    }
}
