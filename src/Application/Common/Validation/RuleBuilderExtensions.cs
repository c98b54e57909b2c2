using FluentValidation;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.SharedKernel;

namespace Marketplace.Application.Common.Validation;

/// <summary>Input-shape rules shared by the validators; they reuse the domain's own definitions.</summary>
public static class RuleBuilderExtensions
{
    public static IRuleBuilderOptions<T, string?> MustBeIdentifier<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("An identifier is required.")
            .Must(Identifier.IsValid).WithMessage($"The identifier {Identifier.FormatDescription}.");

    public static IRuleBuilderOptions<T, string?> MustBeName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("A name is required.")
            .MaximumLength(NameMustNotBeEmptyRule.MaxLength);

    public static IRuleBuilderOptions<T, string?> MustBeBrokerEndpoint<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(BrokerEndpoint.MaxLength)
            .Must(e => BrokerEndpoint.TryNormalize(e, out _, out _))
            .WithMessage((_, endpoint) => BrokerEndpoint.TryNormalize(endpoint, out var _, out var problem) ? string.Empty : $"The endpoint {problem}.");

    public static IRuleBuilderOptions<T, string?> MustBeBasicAuthUsername<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("A basic-auth username is required.")
            .Must(u => u is null || !u.Contains(':', StringComparison.Ordinal)).WithMessage("The username may not contain a colon (HTTP Basic auth).")
            .MaximumLength(200);

    public static IRuleBuilderOptions<T, string?> MustBeBasicAuthPassword<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(p => !string.IsNullOrEmpty(p)).WithMessage("A basic-auth password is required; any characters are allowed.")
            .MaximumLength(1000);
}
