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

/// <summary>
/// A command or query for the members of the project only (its instances and bindings, their credentials): the
/// customer's admins, members of other projects and platform admins get 403; everyone else 404.
/// </summary>
public interface IProjectMemberRequest
{
    Guid ProjectId { get; }
}

/// <summary>A query for whoever may read the project: its members, its customer's admins and platform admins (everyone else 404).</summary>
public interface IProjectReaderRequest
{
    Guid ProjectId { get; }
}

/// <summary>A command or query for the broker's owners and platform admins (its operations, its catalog refreshes).</summary>
public interface IBrokerOperatorRequest
{
    Guid BrokerId { get; }
}

/// <summary>A command only the broker's owners (its customer's admins) may send.</summary>
public interface IBrokerOwnerCommand
{
    Guid BrokerId { get; }
}
