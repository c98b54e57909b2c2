using System.Text.Json.Nodes;
using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Application.ServiceInstances;

/// <summary>
/// The bodies of the OSB requests we send, built once when the user asks so that every resend is identical (N94).
/// Our <c>context</c> (M88–M91): <c>platform</c> is "marketplace" (as in the originating identity), plus the
/// customer's and project's ids, identifiers and names and the instance (and binding) name. The deprecated
/// <c>organization_guid</c>/<c>space_guid</c> carry the customer and project ids for older brokers (E42, M90).
/// </summary>
public static class OsbRequests
{
    public const string Platform = "marketplace";

    public static JsonObject Context(OsbTenant tenant, string instanceName, string? bindingName = null)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var context = new JsonObject
        {
            ["platform"] = Platform,
            ["customer_id"] = tenant.CustomerId.ToString(),
            ["customer_identifier"] = tenant.CustomerIdentifier,
            ["customer_name"] = tenant.CustomerName,
            ["project_id"] = tenant.ProjectId.ToString(),
            ["project_identifier"] = tenant.ProjectIdentifier,
            ["project_name"] = tenant.ProjectName,
            ["instance_name"] = instanceName,
        };
        if (bindingName is not null)
        {
            context["binding_name"] = bindingName;
        }

        return context;
    }

    /// <summary>E42: <c>maintenance_info</c> only with the plan's current version.</summary>
    public static string Provision(ServiceInstance instance, OsbTenant tenant, JsonObject? parameters, string? maintenanceVersion)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var body = new JsonObject
        {
            ["service_id"] = instance.BrokerServiceId,
            ["plan_id"] = instance.BrokerPlanId,
            ["organization_guid"] = tenant.CustomerId.ToString(),
            ["space_guid"] = tenant.ProjectId.ToString(),
            ["context"] = Context(tenant, instance.Name),
        };
        AddOptional(body, parameters, maintenanceVersion);
        return body.ToJsonString();
    }

    /// <summary>
    /// G52: <c>plan_id</c> only for a plan change, <c>parameters</c> only with the keys the user set, and
    /// <c>previous_values</c> with the current plan.
    /// </summary>
    public static string Update(
        ServiceInstance instance, OsbTenant tenant, string? newBrokerPlanId, JsonObject? parameters, string? newPlanMaintenanceVersion)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var body = new JsonObject { ["service_id"] = instance.BrokerServiceId };
        if (newBrokerPlanId is not null)
        {
            body["plan_id"] = newBrokerPlanId;
        }

        body["context"] = Context(tenant, instance.Name);
        body["previous_values"] = new JsonObject
        {
            ["plan_id"] = instance.BrokerPlanId,
            ["service_id"] = instance.BrokerServiceId,
            ["organization_id"] = tenant.CustomerId.ToString(),
            ["space_id"] = tenant.ProjectId.ToString(),
        };
        AddOptional(body, parameters, newBrokerPlanId is null ? null : newPlanMaintenanceVersion);
        return body.ToJsonString();
    }

    /// <summary>I68: no app, so no <c>bind_resource</c>; the binding's name travels in the context.</summary>
    public static string Bind(ServiceInstance instance, ServiceBinding binding, OsbTenant tenant, JsonObject? parameters)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(binding);
        var context = Context(tenant, instance.Name, binding.Name);
        context["instance_id"] = instance.Id.ToString();
        var body = new JsonObject
        {
            ["service_id"] = instance.BrokerServiceId,
            ["plan_id"] = instance.BrokerPlanId,
            ["context"] = context,
        };
        AddOptional(body, parameters, null);
        return body.ToJsonString();
    }

    private static void AddOptional(JsonObject body, JsonObject? parameters, string? maintenanceVersion)
    {
        if (parameters is not null)
        {
            body["parameters"] = parameters.DeepClone();
        }

        if (maintenanceVersion is not null)
        {
            body["maintenance_info"] = new JsonObject { ["version"] = maintenanceVersion };
        }
    }
}

/// <summary>The customer and project an instance belongs to, as its broker requests name them.</summary>
public sealed record OsbTenant(Guid CustomerId, string CustomerIdentifier, string CustomerName, Guid ProjectId, string ProjectIdentifier, string ProjectName);
