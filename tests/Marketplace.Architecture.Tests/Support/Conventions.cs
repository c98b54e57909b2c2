using FluentValidation;
using Marketplace.Domain.SharedKernel;
using Mediator;

namespace Marketplace.Architecture.Tests.Support;

/// <summary>
/// How the tests recognise handlers, messages, records and mutable members. Kept apart from the tests so
/// <see cref="ConventionDetectorTests"/> can prove each detector tells a good type from a bad one.
/// </summary>
internal static class Conventions
{
    public const string IsExternalInit = "System.Runtime.CompilerServices.IsExternalInit";

    /// <summary>The handler interfaces of Mediator (the one-argument forms extend these).</summary>
    public static readonly Type[] CommandHandlerInterfaces = [typeof(ICommandHandler<,>), typeof(IStreamCommandHandler<,>)];

    public static readonly Type[] QueryHandlerInterfaces = [typeof(IQueryHandler<,>), typeof(IStreamQueryHandler<,>)];

    public static readonly Type[] AllHandlerInterfaces =
    [
        .. CommandHandlerInterfaces, .. QueryHandlerInterfaces,
        typeof(IRequestHandler<,>), typeof(IStreamRequestHandler<,>),
    ];

    /// <summary>
    /// The types our code declares in all four production assemblies: compiler-generated types and the
    /// Mediator source generator's output (namespace <c>Mediator</c>) left out.
    /// </summary>
    public static IReadOnlyList<Type> MarketplaceTypes { get; } = Layers.All
        .SelectMany(Layers.WrittenTypesOf)
        .Where(t => t.Namespace?.StartsWith("Marketplace.", StringComparison.Ordinal) == true)
        .ToList();

    public static bool IsCommand(Type type) =>
        type is { IsClass: true, IsAbstract: false } && Layers.Implements(type, typeof(ICommand<>));

    public static bool IsQuery(Type type) =>
        type is { IsClass: true, IsAbstract: false } && Layers.Implements(type, typeof(IQuery<>));

    public static bool IsCommandHandler(Type type) => IsHandler(type, CommandHandlerInterfaces);

    public static bool IsQueryHandler(Type type) => IsHandler(type, QueryHandlerInterfaces);

    public static bool IsAnyHandler(Type type) => IsHandler(type, AllHandlerInterfaces);

    public static bool IsBusinessRule(Type type) =>
        type is { IsClass: true } && typeof(IBusinessRule).IsAssignableFrom(type);

    public static bool IsValidator(Type type) =>
        type is { IsClass: true } && InheritsGeneric(type, typeof(AbstractValidator<>));

    public static bool IsAggregateRoot(Type type) =>
        type is { IsClass: true, IsAbstract: false } && type.IsSubclassOf(typeof(AggregateRoot));

    /// <summary>A C# record: the compiler gives every record class a <c>&lt;Clone&gt;$</c> method.</summary>
    public static bool IsRecord(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance) is not null;
    }

    /// <summary>An <c>init</c> accessor: its return parameter carries the <c>IsExternalInit</c> modreq.</summary>
    public static bool IsInitOnly(MethodInfo setter)
    {
        ArgumentNullException.ThrowIfNull(setter);
        return setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == IsExternalInit);
    }

    /// <summary>Public members anyone may assign after construction: public non-init setters and public writable fields.</summary>
    public static IReadOnlyList<string> PublicMutableMembers(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var setters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            .Select(p => $"{type.Name}.{p.Name} has a public setter");
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.Instance)
            .Where(f => !f.IsInitOnly)
            .Select(f => $"{type.Name}.{f.Name} is a public writable field");
        return [.. setters, .. fields];
    }

    /// <summary>
    /// Members named like a password on <paramref name="root"/> and on every Marketplace type its public
    /// members expose (a response nesting a DTO that carries a password is caught too).
    /// </summary>
    public static IReadOnlyList<string> PasswordMembers(Type root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var found = new List<string>();
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>([root]);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (p.Name, Type: p.PropertyType))
                .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => (f.Name, Type: f.FieldType)));
            foreach (var (name, memberType) in members)
            {
                if (name.Contains("password", StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(type == root ? $"{root.FullName}.{name}" : $"{root.FullName} -> {type.FullName}.{name}");
                }

                foreach (var component in Components(memberType).Where(IsMarketplaceType))
                {
                    pending.Enqueue(component);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Members of <paramref name="aggregate"/> and of the child types it owns (reached through its instance
    /// properties and fields, collections included, within its own assembly) whose type is another aggregate root.
    /// </summary>
    public static IReadOnlyList<string> ReferencesToOtherAggregates(Type aggregate, ICollection<Type>? ownedTypes = null)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        var found = new List<string>();
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>([aggregate]);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            if (type != aggregate)
            {
                ownedTypes?.Add(type);
            }

            const BindingFlags instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
            var members = type.GetProperties(instance)
                .Select(p => (p.Name, Type: p.PropertyType))
                .Concat(type.GetFields(instance)
                    .Where(f => !f.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
                    .Select(f => (f.Name, Type: f.FieldType)));
            foreach (var (name, memberType) in members)
            {
                foreach (var component in Components(memberType))
                {
                    if (typeof(AggregateRoot).IsAssignableFrom(component) && component != aggregate)
                    {
                        found.Add($"{aggregate.Name}: {type.Name}.{name} holds a {component.Name} (another aggregate root; keep its id)");
                    }
                    else if (component.Assembly == aggregate.Assembly && !component.IsEnum && component != aggregate
                             && !typeof(AggregateRoot).IsAssignableFrom(component))
                    {
                        pending.Enqueue(component);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>A member type and what it is made of: array elements and generic arguments, recursively.</summary>
    public static IEnumerable<Type> Components(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsGenericParameter)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var c in Components(type.GetElementType()!))
            {
                yield return c;
            }

            yield break;
        }

        if (type.IsGenericType)
        {
            yield return type.GetGenericTypeDefinition();
            foreach (var c in type.GetGenericArguments().SelectMany(Components))
            {
                yield return c;
            }

            yield break;
        }

        yield return type;
    }

    private static bool IsMarketplaceType(Type type) =>
        type.Namespace?.StartsWith("Marketplace.", StringComparison.Ordinal) == true && !type.IsEnum;

    private static bool IsHandler(Type type, Type[] interfaces) =>
        type is { IsClass: true, IsAbstract: false } && interfaces.Any(i => Layers.Implements(type, i));

    private static bool InheritsGeneric(Type type, Type openGeneric)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == openGeneric)
            {
                return true;
            }
        }

        return false;
    }
}
