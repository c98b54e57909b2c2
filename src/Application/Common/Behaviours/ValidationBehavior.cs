using FluentValidation;
using Marketplace.Application.Common.Paging;
using Marketplace.Application.ServiceInstances;
using Mediator;

namespace Marketplace.Application.Common.Behaviours;

/// <summary>Runs every validator of the message and refuses it with all failures at once (400).</summary>
/// <remarks>
/// Paging is validated here for every list query, and a client's parameters for every request that carries them
/// (X10: bounds and duplicate keys, 400 <c>parameters.invalid</c>), so that no handler can forget either.
/// </remarks>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators, ParameterLimits parameterLimits)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (message is IPagedQuery paged)
        {
            failures.AddRange(PagingRules.Validate(paged.Paging).Errors);
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        if (message is IParametersRequest withParameters)
        {
            ParameterBounds.Check(withParameters.Parameters, parameterLimits);
        }

        return await next(message, cancellationToken);
    }
}

file static class PagingRules
{
    private static readonly PageRequestValidator Validator = new();

    public static FluentValidation.Results.ValidationResult Validate(PageRequest paging) => Validator.Validate(paging);
}
