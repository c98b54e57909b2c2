using System.Text.Json.Nodes;

namespace Marketplace.Application.ServiceInstances;

/// <summary>A request that carries a client's <c>parameters</c> for a broker: the validation behaviour checks their bounds first.</summary>
public interface IParametersRequest
{
    JsonObject? Parameters { get; }
}
