using Marketplace.Application.Common.Ports;
using Marketplace.Domain.SharedKernel;

namespace Marketplace.Architecture.Tests.Support;

/// <summary>The four production assemblies, loaded as the test project references them.</summary>
internal static class Layers
{
    public const string DomainName = "Marketplace.Domain";
    public const string ApplicationName = "Marketplace.Application";
    public const string InfrastructureName = "Marketplace.Infrastructure";
    public const string ApiName = "Marketplace.Api";

    public static readonly Assembly Domain = typeof(AggregateRoot).Assembly;

    public static readonly Assembly Application = typeof(IReadStore).Assembly;

    public static readonly Assembly Infrastructure = typeof(Marketplace.Infrastructure.DependencyInjection).Assembly;

    /// <summary>Loaded by name: the Api's types are internal.</summary>
    public static readonly Assembly Api = Assembly.Load(new AssemblyName(ApiName));

    public static IReadOnlyList<Assembly> All { get; } = [Domain, Application, Infrastructure, Api];

    /// <summary>Every type the compiler emitted, nested and generated ones included.</summary>
    public static IReadOnlyList<Type> TypesOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            throw new InvalidOperationException(
                $"Could not load every type of {assembly.GetName().Name}: "
                + string.Join("; ", e.LoaderExceptions.Select(l => l?.Message)),
                e);
        }
    }

    /// <summary>The types a developer wrote: no compiler-generated ones (closures, state machines, anonymous types).</summary>
    public static IReadOnlyList<Type> WrittenTypesOf(Assembly assembly) =>
        TypesOf(assembly).Where(t => !IsCompilerGenerated(t)).ToList();

    public static bool IsCompilerGenerated(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false)
                || t.Name.Contains('<', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The outermost type that declares <paramref name="type"/> (a closure's or state machine's owner).</summary>
    public static Type Outermost(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var t = type;
        while (t.DeclaringType is not null)
        {
            t = t.DeclaringType;
        }

        return t;
    }

    /// <summary>A type's name without its generic arity (<c>PageResponse`1</c> becomes <c>PageResponse</c>).</summary>
    public static string PlainName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? type.Name : type.Name[..tick];
    }

    public static bool Implements(Type type, Type openGenericInterface)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetInterfaces().Any(i =>
            i == openGenericInterface || (i.IsGenericType && i.GetGenericTypeDefinition() == openGenericInterface));
    }

    public static string Describe(IEnumerable<Type> types) =>
        string.Join(", ", types.Select(t => t.FullName ?? t.Name).Order(StringComparer.Ordinal));
}
