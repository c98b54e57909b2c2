using System.Collections.Concurrent;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Marketplace.Architecture.Tests.Support;

/// <summary>
/// The types each top-level type uses, read from IL with Mono.Cecil, <b>including its nested types</b>:
/// lambdas (<c>&lt;&gt;c</c> closures), async and iterator state machines, local functions.
/// NetArchTest.Rules 1.3.2 only looks at top-level types and their own members, so a DbContext used
/// inside a minimal-API lambda or an async method body escapes it; this scan closes that gap.
/// Names are reflection-style full names (<c>Outer+Inner</c>, <c>List`1</c>), generic arguments listed separately.
/// </summary>
internal static class DeepDependencies
{
    private static readonly ConcurrentDictionary<Assembly, Lazy<IReadOnlyDictionary<int, IReadOnlySet<string>>>> Cache = new();

    /// <summary>Every type the type (with everything nested in it) refers to.</summary>
    public static IReadOnlySet<string> Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var outermost = Layers.Outermost(type);
        var byToken = Cache.GetOrAdd(
            outermost.Assembly,
            a => new Lazy<IReadOnlyDictionary<int, IReadOnlySet<string>>>(() => Read(a))).Value;
        return byToken.TryGetValue(outermost.MetadataToken, out var references)
            ? references
            : throw new InvalidOperationException($"Mono.Cecil did not find {outermost.FullName} in its assembly.");
    }

    /// <summary>The references of <paramref name="type"/> that fall under one of <paramref name="forbidden"/>.</summary>
    public static IReadOnlyList<string> Matching(Type type, IEnumerable<string> forbidden)
    {
        var prefixes = forbidden.ToList();
        return Of(type).Where(r => prefixes.Exists(p => IsUnder(r, p))).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Whether a referenced type falls under a namespace or type name: equal to it, or inside it
    /// (<c>Hangfire</c> covers <c>Hangfire.BackgroundJob</c>, not <c>HangfireLike.X</c>).
    /// </summary>
    public static bool IsUnder(string referencedType, string namespaceOrType)
    {
        ArgumentNullException.ThrowIfNull(referencedType);
        ArgumentNullException.ThrowIfNull(namespaceOrType);
        if (!referencedType.StartsWith(namespaceOrType, StringComparison.Ordinal))
        {
            return false;
        }

        return referencedType.Length == namespaceOrType.Length
            || referencedType[namespaceOrType.Length] is '.' or '+' or '`';
    }

    /// <summary>One line per type that uses something forbidden: "Type uses A, B".</summary>
    public static IReadOnlyList<string> Violations(IEnumerable<Type> types, IEnumerable<string> forbidden)
    {
        var prefixes = forbidden.ToList();
        return types
            .Select(Layers.Outermost)
            .Distinct()
            .Select(t => (Type: t, Uses: Matching(t, prefixes)))
            .Where(x => x.Uses.Count > 0)
            .Select(x => $"{x.Type.FullName} uses {string.Join(", ", x.Uses)}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static Dictionary<int, IReadOnlySet<string>> Read(Assembly assembly)
    {
        using var module = ModuleDefinition.ReadModule(
            assembly.Location, new ReaderParameters { ReadingMode = ReadingMode.Immediate, ReadSymbols = false });
        var result = new Dictionary<int, IReadOnlySet<string>>();
        foreach (var type in module.Types)
        {
            var references = new HashSet<string>(StringComparer.Ordinal);
            Collect(type, references);
            references.Remove(Normalize(type.FullName));
            result[type.MetadataToken.ToInt32()] = references;
        }

        return result;
    }

    private static void Collect(TypeDefinition type, HashSet<string> into)
    {
        Add(type.BaseType, into);
        foreach (var i in type.Interfaces)
        {
            Add(i.InterfaceType, into);
        }

        AddAttributes(type, into);
        AddConstraints(type, into);
        foreach (var field in type.Fields)
        {
            Add(field.FieldType, into);
            AddAttributes(field, into);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType, into);
            AddAttributes(property, into);
        }

        foreach (var @event in type.Events)
        {
            Add(@event.EventType, into);
        }

        foreach (var method in type.Methods)
        {
            AddMethod(method, into);
        }

        foreach (var nested in type.NestedTypes)
        {
            into.Add(Normalize(nested.FullName));
            Collect(nested, into);
        }
    }

    private static void AddMethod(MethodDefinition method, HashSet<string> into)
    {
        Add(method.ReturnType, into);
        AddAttributes(method, into);
        AddConstraints(method, into);
        foreach (var parameter in method.Parameters)
        {
            Add(parameter.ParameterType, into);
            AddAttributes(parameter, into);
        }

        if (!method.HasBody)
        {
            return;
        }

        foreach (var variable in method.Body.Variables)
        {
            Add(variable.VariableType, into);
        }

        foreach (var handler in method.Body.ExceptionHandlers)
        {
            Add(handler.CatchType, into);
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference t:
                    Add(t, into);
                    break;
                case MethodReference m:
                    AddMethodReference(m, into);
                    break;
                case FieldReference f:
                    Add(f.DeclaringType, into);
                    Add(f.FieldType, into);
                    break;
                case CallSite callSite:
                    Add(callSite.ReturnType, into);
                    foreach (var p in callSite.Parameters)
                    {
                        Add(p.ParameterType, into);
                    }

                    break;
            }
        }
    }

    private static void AddMethodReference(MethodReference method, HashSet<string> into)
    {
        Add(method.DeclaringType, into);
        Add(method.ReturnType, into);
        foreach (var p in method.Parameters)
        {
            Add(p.ParameterType, into);
        }

        if (method is GenericInstanceMethod generic)
        {
            foreach (var argument in generic.GenericArguments)
            {
                Add(argument, into);
            }
        }
    }

    private static void AddAttributes(Mono.Cecil.ICustomAttributeProvider provider, HashSet<string> into)
    {
        if (!provider.HasCustomAttributes)
        {
            return;
        }

        foreach (var attribute in provider.CustomAttributes)
        {
            Add(attribute.AttributeType, into);
        }
    }

    private static void AddConstraints(IGenericParameterProvider provider, HashSet<string> into)
    {
        if (!provider.HasGenericParameters)
        {
            return;
        }

        foreach (var constraint in provider.GenericParameters.SelectMany(g => g.Constraints))
        {
            Add(constraint.ConstraintType, into);
        }
    }

    private static void Add(TypeReference? type, HashSet<string> into)
    {
        switch (type)
        {
            case null:
            case GenericParameter:
                return;
            case GenericInstanceType generic:
                Add(generic.ElementType, into);
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument, into);
                }

                return;
            case IModifierType modified:
                Add(modified.ModifierType, into);
                Add(modified.ElementType, into);
                return;
            case FunctionPointerType pointer:
                Add(pointer.ReturnType, into);
                foreach (var p in pointer.Parameters)
                {
                    Add(p.ParameterType, into);
                }

                return;
            case TypeSpecification specification:
                Add(specification.ElementType, into);
                return;
            default:
                into.Add(Normalize(type.FullName));
                return;
        }
    }

    private static string Normalize(string cecilFullName) => cecilFullName.Replace('/', '+');
}
