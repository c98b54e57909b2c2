namespace Marketplace.Application.Common.Security;

/// <summary>A command only admins of <see cref="CustomerId"/> may send (platform admins get 403).</summary>
public interface ICustomerAdminCommand
{
    Guid CustomerId { get; }
}

/// <summary>A command that changes a customer: its admins and platform admins may send it.</summary>
public interface ICustomerEditCommand
{
    Guid CustomerId { get; }
}

/// <summary>A command only the admins of the project's customer may send.</summary>
public interface IProjectAdminCommand
{
    Guid ProjectId { get; }
}

/// <summary>A command only the broker's owners (its customer's admins) may send.</summary>
public interface IBrokerOwnerCommand
{
    Guid BrokerId { get; }
}
