using System.Text.Json.Nodes;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.Tenancy;

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

    public static JsonObject Context(Customer customer, Project project, string instanceName, string? bindingName = null)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(project);
        var context = new JsonObject
        {
            ["platform"] = Platform,
            ["customer_id"] = customer.Id.ToString(),
            ["customer_identifier"] = customer.Identifier,
            ["customer_name"] = customer.Name,
            ["project_id"] = project.Id.ToString(),
            ["project_identifier"] = project.Identifier,
            ["project_name"] = project.Name,
            ["instance_name"] = instanceName,
        };
        if (bindingName is not null)
        {
            context["binding_name"] = bindingName;
        }

        return context;
    }

    /// <summary>E42: <c>maintenance_info</c> only with the plan's current version.</summary>
    public static string Provision(ServiceInstance instance, Customer customer, Project project, JsonObject? parameters, string? maintenanceVersion)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var body = new JsonObject
        {
            ["service_id"] = instance.BrokerServiceId,
            ["plan_id"] = instance.BrokerPlanId,
            ["organization_guid"] = customer.Id.ToString(),
            ["space_guid"] = project.Id.ToString(),
            ["context"] = Context(customer, project, instance.Name),
        };
        AddOptional(body, parameters, maintenanceVersion);
        return body.ToJsonString();
    }

    /// <summary>
    /// G52: <c>plan_id</c> only for a plan change, <c>parameters</c> only with the keys the user set, and
    /// <c>previous_values</c> with the current plan.
    /// </summary>
    public static string Update(
        ServiceInstance instance, Customer customer, Project project, string? newBrokerPlanId, JsonObject? parameters, string? newPlanMaintenanceVersion)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var body = new JsonObject { ["service_id"] = instance.BrokerServiceId };
        if (newBrokerPlanId is not null)
        {
            body["plan_id"] = newBrokerPlanId;
        }

        body["context"] = Context(customer, project, instance.Name);
        body["previous_values"] = new JsonObject
        {
            ["plan_id"] = instance.BrokerPlanId,
            ["service_id"] = instance.BrokerServiceId,
            ["organization_id"] = customer.Id.ToString(),
            ["space_id"] = project.Id.ToString(),
        };
        AddOptional(body, parameters, newBrokerPlanId is null ? null : newPlanMaintenanceVersion);
        return body.ToJsonString();
    }

    /// <summary>I68: no app, so no <c>bind_resource</c>; the binding's name travels in the context.</summary>
    public static string Bind(ServiceInstance instance, ServiceBinding binding, Customer customer, Project project, JsonObject? parameters)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(binding);
        var context = Context(customer, project, instance.Name, binding.Name);
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
