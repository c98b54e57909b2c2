using FluentValidation;
using Marketplace.Application.Common.Paging;
using Mediator;

namespace Marketplace.Application.Common.Behaviours;

/// <summary>Runs every validator of the message and refuses it with all failures at once (400).</summary>
/// <remarks>Paging is validated here for every list query, so that no query can forget it.</remarks>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
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

        return await next(message, cancellationToken);
    }
}

file static class PagingRules
{
    private static readonly PageRequestValidator Validator = new();

    public static FluentValidation.Results.ValidationResult Validate(PageRequest paging) => Validator.Validate(paging);
}
