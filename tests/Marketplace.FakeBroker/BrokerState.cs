namespace Marketplace.FakeBroker;

/// <summary>Everything the routes share: behaviour switches, the recording and the in-memory store.</summary>
internal sealed class BrokerState(FakeBrokerOptions options)
{
    public FakeBrokerOptions Options { get; } = options;
    public BrokerBehaviour Behaviour { get; } = new(options.Username, options.Password);
    public RequestRecorder Recorder { get; } = new();
    public BrokerStore Store { get; } = new();
    public TimeProvider Clock => Options.TimeProvider;
}
