namespace Marketplace.Application.Common.Errors;

/// <summary>A background worker's claim on an operation lapsed, or a user superseded the operation, before the step was saved.</summary>
public sealed class ClaimLostException()
    : Exception("The worker no longer holds the operation: its claim lapsed or a user superseded the operation.");
