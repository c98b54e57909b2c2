using FluentValidation;

namespace Marketplace.Application.OperationWorkbench.ListBrokerOperations;

public sealed class ListBrokerOperationsValidator : AbstractValidator<ListBrokerOperationsQuery>
{
    public ListBrokerOperationsValidator()
    {
        RuleFor(q => q.State).Must(s => s is null or "stuck" or "all").WithMessage("state is 'stuck' or 'all'.");
    }
}
