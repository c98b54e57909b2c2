using System.ComponentModel;
using Hangfire;
using Marketplace.Application.ServiceInstances.Operations;

namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>
/// One step of a broker operation, as a Hangfire job on the <c>operations</c> queue (visible on the dashboard).
/// Hangfire does not retry it: the operation row says what is due, and the dispatcher claims it again.
/// </summary>
internal sealed class OperationStepJob(OperationRunner runner)
{
    public const string Queue = "operations";

    [JobDisplayName("Broker operation {0}")]
    [DisplayName("Broker operation step")]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [KeepFinishedJobsBriefly]
    public Task RunAsync(Guid operationId, Guid claimToken, CancellationToken cancellationToken) =>
        runner.RunAsync(operationId, claimToken, cancellationToken);
}
