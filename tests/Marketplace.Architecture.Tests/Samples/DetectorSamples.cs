using FluentValidation;
using Marketplace.Domain.SharedKernel;
using Marketplace.Domain.Tenancy;
using Mediator;

// Deliberately good and bad types, so ConventionDetectorTests can prove that every detector the
// architecture tests rely on tells them apart (none of these is in a production assembly).
namespace Marketplace.Architecture.Tests.Samples;

public sealed class UsesHttpInLambdaSample
{
    public Func<string> Method() => () => System.Net.Http.HttpMethod.Get.Method;
}

public sealed class UsesHttpInAsyncMethodSample
{
    public async Task<string> RunAsync()
    {
        await Task.Yield();
        return System.Net.Http.HttpMethod.Post.Method;
    }
}

public sealed record SampleCommand(string Name) : ICommand;

public sealed record SampleQuery(Guid Id) : IQuery<string>;

public sealed class NotARecordCommandSample : ICommand
{
    public string Name { get; init; } = string.Empty;
}

public sealed record MutableCommandSample(string Name) : ICommand
{
    public string? Note { get; set; }
}

public sealed class PublicFieldCommandSample : ICommand
{
#pragma warning disable CA1051 // the point of this sample: a public writable field
    public string Name = string.Empty;
#pragma warning restore CA1051
}

public sealed class SampleCommandHandler : ICommandHandler<SampleCommand>
{
    public ValueTask<Unit> Handle(SampleCommand command, CancellationToken cancellationToken) => ValueTask.FromResult(Unit.Value);
}

public sealed class SampleQueryHandler : IQueryHandler<SampleQuery, string>
{
    public ValueTask<string> Handle(SampleQuery query, CancellationToken cancellationToken) => ValueTask.FromResult("sample");
}

public sealed class SampleCommandValidator : AbstractValidator<SampleCommand>
{
    public SampleCommandValidator() => RuleFor(c => c.Name).NotEmpty();
}

public sealed class SampleRule : IBusinessRule
{
    public string Code => "sample.broken";

    public string Message => "A sample rule.";

    public RuleKind Kind => RuleKind.Refused;

    public bool IsBroken() => true;
}

public sealed record SafeResponseSample(Guid Id, string Username);

public sealed record LeakyResponseSample(Guid Id, IReadOnlyList<CredentialsSample> Connections);

public sealed record CredentialsSample(string Username, string ProtectedPassword);

public sealed class CleanOrderSample : AggregateRoot
{
    private readonly List<OrderLineSample> _lines = [];

    public Guid ProjectId { get; private set; }

    public IReadOnlyCollection<OrderLineSample> Lines => _lines.AsReadOnly();
}

public sealed class OrderLineSample
{
    public string Product { get; private set; } = string.Empty;
}

public sealed class OrderHoldingAnAggregateSample : AggregateRoot
{
    private readonly List<LineHoldingAnAggregateSample> _lines = [];

    public IReadOnlyCollection<LineHoldingAnAggregateSample> Lines => _lines.AsReadOnly();
}

public sealed class LineHoldingAnAggregateSample
{
    public Project? Project { get; private set; }
}
