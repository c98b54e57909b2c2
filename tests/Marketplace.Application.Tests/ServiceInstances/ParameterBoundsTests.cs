using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Application.Common.Errors;
using Marketplace.Application.ServiceInstances;

namespace Marketplace.Application.Tests.ServiceInstances;

/// <summary>
/// <see cref="ParameterBounds"/> (X10): a client's parameters within depth, size and key count, and no key twice in
/// one object; every refusal is <c>parameters.invalid</c> against <c>parameters</c> with the reason.
/// </summary>
public sealed class ParameterBoundsTests
{
    private static readonly ParameterLimits Limits = new() { MaxDepth = 4, MaxBytes = 200, MaxKeys = 6 };

    /// <summary>Parameters as a client's body would bring them: a JSON object read by the serializer, duplicates and all.</summary>
    private static JsonObject Parameters(string json) => JsonSerializer.Deserialize<JsonObject>(json)!;

    private static string Refusal(string json)
    {
        var error = Should.Throw<ParametersInvalidException>(() => ParameterBounds.Check(Parameters(json), Limits));
        error.Message.ShouldBe(ParameterBounds.Refused);
        error.Errors.Keys.ShouldBe(["parameters"]);
        return error.Errors["parameters"].Single();
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"a":{"b":{"c":[1,2]}}}""")]
    [InlineData("""{"a":{"b":{"c":{"d":1}}}}""")]
    [InlineData("""{"a":1,"b":{"a":1},"c":[{"a":1},{"a":2}]}""")]
    [InlineData("""{"text":"ünïcødé ✓","n":null,"t":true}""")]
    public void Parameters_within_the_bounds_pass(string json)
    {
        Should.NotThrow(() => ParameterBounds.Check(Parameters(json), Limits));
    }

    [Fact]
    public void No_parameters_pass()
    {
        Should.NotThrow(() => ParameterBounds.Check(null, Limits));
    }

    [Theory]
    [InlineData("""{"a":{"b":{"c":{"d":{}}}}}""")]
    [InlineData("""{"a":[[[[1]]]]}""")]
    public void Parameters_nested_deeper_than_the_bound_are_refused(string json)
    {
        Refusal(json).ShouldBe("The parameters are nested deeper than 4 levels.");
    }

    [Fact]
    public void Parameters_nested_far_deeper_than_the_bound_are_refused_the_same_way()
    {
        var deep = string.Concat(Enumerable.Repeat("""{"a":""", 30)) + "1" + new string('}', 30);

        Refusal(deep).ShouldBe("The parameters are nested deeper than 4 levels.");
    }

    [Fact]
    public void Parameters_larger_than_the_bound_are_refused()
    {
        Refusal($$"""{"text":"{{new string('x', 200)}}"}""").ShouldStartWith("The parameters take 211 bytes; at most 200");
    }

    [Fact]
    public void Parameters_with_more_keys_than_the_bound_are_refused()
    {
        Refusal("""{"a":1,"b":2,"c":{"d":3,"e":4,"f":5,"g":6}}""").ShouldBe("The parameters have more than 6 keys.");
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"x":{"a":1,"b":2,"a":3}}""")]
    [InlineData("""{"x":[{"a":1},{"a":1,"a":1}]}""")]
    public void A_key_twice_in_one_object_is_refused(string json)
    {
        Refusal(json).ShouldBe("The key 'a' appears twice in one object.");
    }

    [Fact]
    public void Limits_that_no_parameters_could_meet_are_refused_at_start_naming_the_key()
    {
        Should.Throw<InvalidOperationException>(() => new ParameterLimits { MaxDepth = 0 }.Validate()).Message.ShouldContain("Parameters:Limits:MaxDepth");
        Should.Throw<InvalidOperationException>(() => new ParameterLimits { SchemaCheckBudgetSeconds = 0 }.Validate()).Message.ShouldContain("Parameters:Limits:SchemaCheckBudgetSeconds");
        Should.NotThrow(() => new ParameterLimits().Validate());
    }
}
