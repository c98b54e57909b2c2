using FluentValidation;
using Marketplace.Domain.Brokers;

namespace Marketplace.Application.Brokers.ListPublicationQueue;

public sealed class ListPublicationQueueValidator : AbstractValidator<ListPublicationQueueQuery>
{
    public ListPublicationQueueValidator() =>
        RuleFor(q => q.Status)
            .Must(s => s is null || (Enum.TryParse<PublicationStatus>(s, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(s, out _)))
            .WithMessage("status must be pending, approved or rejected.");
}
