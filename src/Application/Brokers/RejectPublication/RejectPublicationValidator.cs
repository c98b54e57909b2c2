using FluentValidation;

namespace Marketplace.Application.Brokers.RejectPublication;

public sealed class RejectPublicationValidator : AbstractValidator<RejectPublicationCommand>
{
    public RejectPublicationValidator() => RuleFor(c => c.Reason).MaximumLength(2000);
}
