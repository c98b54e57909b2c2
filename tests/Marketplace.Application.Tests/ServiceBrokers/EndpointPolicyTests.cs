using System.Net;
using Marketplace.Infrastructure.ServiceBrokers.Osb;

namespace Marketplace.Application.Tests.ServiceBrokers;

/// <summary>
/// <see cref="EndpointPolicy"/>: with <c>Brokers:AllowPrivateNetworkEndpoints</c> false, no broker connection may reach
/// an internal address, however it is written.
/// </summary>
public sealed class EndpointPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.20.30.40")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.254")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("::10.0.0.1")]
    [InlineData("::8.8.8.8")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("64:ff9b:1::808:808")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("2002:c0a8:0101::1")]
    public void Internal_addresses_are_forbidden(string address)
    {
        EndpointPolicy.IsForbidden(IPAddress.Parse(address)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("198.20.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:0808:0808::1")]
    [InlineData("2001:4860:4860::8888")]
    public void Public_addresses_are_allowed(string address)
    {
        EndpointPolicy.IsForbidden(IPAddress.Parse(address)).ShouldBeFalse();
    }
}
