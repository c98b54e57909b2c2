using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Marketplace.Bench.Infrastructure;
using Marketplace.FakeBroker;

namespace Marketplace.Bench.Benchmarks;

/// <summary>
/// LOAD (Done-when 5): 200 concurrent clients for 30 s of mixed work — browse the marketplace, provision, update
/// parameters, bind, read the binding's credentials, unbind, deprovision — against two fake brokers (each the private
/// broker of its own tenant; half of the clients each): a steady one (asynchronous provision and deprovision) and a
/// seeded flaky one (a share of calls answers 500, updates 422 ConcurrencyError, or answers late but within the timeout).
/// FAIL on any 5xx from the marketplace or a request without answer. Afterwards it waits, bounded by the largest deadline,
/// until no instance or binding is creating, updating or deleting (read from the SQLite file), and checks that nothing was
/// lost: every instance and binding a client saw accepted and did not delete exists. Figure = API requests completed per
/// second over the 30 s.
/// </summary>
internal static class LoadMixed
{
    private const int Clients = 200;
    private const int RequestTimeoutSeconds = 10;
    private const int ConnectionBudget = 32;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaximumPollingDuration = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(5);

    private static readonly FlakyBehaviour Flakiness = new()
    {
        Seed = 20261207,
        ErrorShare = 0.10,
        SlowShare = 0.10,
        SlowDelay = TimeSpan.FromSeconds(2),
    };

    private static readonly string[] Busy = ["Creating", "Updating", "Deleting"];

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchRun run)
    {
        var result = new BenchResult("LOAD");
        await using var steadyBroker = await Setup.StartBrokerAsync();
        await using var flakyBroker = await Setup.StartBrokerAsync();
        await using var node = await MarketplaceNode.StartAsync(run, "load", new Dictionary<string, string?>
        {
            ["Brokers:MaxConcurrentCallsPerConnection"] = ConnectionBudget.ToString(CultureInfo.InvariantCulture),
            ["Operations:MaximumPollingDuration"] = MaximumPollingDuration.ToString("c", CultureInfo.InvariantCulture),
            ["Operations:ClaimMargin"] = ClaimMargin.ToString("c", CultureInfo.InvariantCulture),
        });
        steadyBroker.RespondAsynchronously(OsbOperation.Provision, AsyncBehaviour.AfterPolls(1));
        steadyBroker.RespondAsynchronously(OsbOperation.Deprovision, AsyncBehaviour.AfterPolls(1));
        var steady = await Setup.RegisterBrokerAsync(await Setup.CreateTenantAsync(node, "load-steady"), steadyBroker, RequestTimeoutSeconds);
        var flaky = await Setup.RegisterBrokerAsync(await Setup.CreateTenantAsync(node, "load-flaky"), flakyBroker, RequestTimeoutSeconds);
        flakyBroker.Flaky(Flakiness);

        var load = new LoadState();
        Progress.Write("LOAD", $"{Clients} clients for {Window.TotalSeconds:0} s");
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => Task.Run(() => RunClientAsync(i, i % 2 == 0 ? steady : flaky, load))));
        var ranFor = load.Clock.Elapsed;
        Progress.Write("LOAD", $"clients done after {Format.Seconds(ranFor)}: {load.All.ByClass()}; waiting until every operation is final");

        // Every accepted operation must end: bounded by the largest deadline (the polling limit; claims lapse within the
        // brokers' timeout plus the claim margin).
        var observer = new DatabaseObserver(node.DatabaseFile);
        var settleLimit = MaximumPollingDuration + TimeSpan.FromSeconds(RequestTimeoutSeconds) + ClaimMargin + TimeSpan.FromSeconds(15);
        var settle = Stopwatch.StartNew();
        IReadOnlyDictionary<string, int> instanceStates;
        IReadOnlyDictionary<string, int> bindingStates;
        while (true)
        {
            instanceStates = await observer.InstanceStatesAsync();
            bindingStates = await observer.BindingStatesAsync();
            if (Busy.All(s => instanceStates.Of(s) == 0 && bindingStates.Of(s) == 0) || settle.Elapsed > settleLimit)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var settledIn = settle.Elapsed;
        var settled = Busy.All(s => instanceStates.Of(s) == 0 && bindingStates.Of(s) == 0);
        var instances = (await observer.InstancesAsync()).ToDictionary(r => r.Id);
        var bindings = (await observer.BindingsAsync()).ToDictionary(b => b.Id);
        var operationsLeft = await observer.OperationCountAsync();

        var keptInstances = load.AcceptedInstances.Keys.Where(id => !load.DeleteAccepted.ContainsKey(id)).ToList();
        var lostInstances = keptInstances.Where(id => !instances.ContainsKey(id)).ToList();
        var keptBindings = load.AcceptedBindings.Where(b => !load.UnbindAccepted.ContainsKey(b.Key) && !load.DeleteAccepted.ContainsKey(b.Value)).Select(b => b.Key).ToList();
        var lostBindings = keptBindings.Where(id => !bindings.ContainsKey(id)).ToList();
        var deletedButPresent = load.DeleteAccepted.Keys.Where(instances.ContainsKey).Select(id => instances[id]).ToList();

        var rate = load.CompletedInWindow / Window.TotalSeconds;
        var fiveHundreds = load.All.Count(s => s >= 500);
        var passed = fiveHundreds == 0 && load.All.NoAnswers == 0 && settled && lostInstances.Count == 0 && lostBindings.Count == 0;
        result.Verdict(passed, Format.Rate(rate), "0 answers 5xx, 0 without answer, every operation final within the largest deadline, nothing lost");
        result.Detail($"API requests: {load.CompletedInWindow} completed in {Window.TotalSeconds:0} s; {load.All.Total} answered in all (clients stopped after {Format.Seconds(ranFor)}); by class {load.All.ByClass()}");
        result.Detail($"  by status: {load.All.ByStatus()}");
        foreach (var (kind, counts) in load.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            result.Detail($"  {kind,-12} {counts.ByStatus()}");
        }

        foreach (var sample in load.Failures.Take(10))
        {
            result.Detail($"  5xx/no answer: {sample}");
        }

        result.Detail($"settled: {(settled ? "yes" : "NO")} after {Format.Seconds(settledIn)} (limit {Format.Seconds(settleLimit)}); instances {StateCounts.Describe(instanceStates)}; bindings {StateCounts.Describe(bindingStates)}; operation records left {operationsLeft}");
        result.Detail($"instances: {load.AcceptedInstances.Count} accepted, {load.DeleteAccepted.Count} deletes accepted, {keptInstances.Count} kept, lost {lostInstances.Count}{(lostInstances.Count > 0 ? ": " + string.Join(' ', lostInstances.Take(5)) : string.Empty)}; deleted but still there {deletedButPresent.Count} ({string.Join(' ', deletedButPresent.GroupBy(r => $"{r.State}/{r.LastOperationType}/{r.LastOperationState}").Select(g => $"{g.Key}={g.Count()}"))})");
        result.Detail($"bindings: {load.AcceptedBindings.Count} accepted, {load.UnbindAccepted.Count} unbinds accepted, {keptBindings.Count} kept, lost {lostBindings.Count}; ready bindings read without credentials: {load.MissingCredentials}");
        result.Detail("operations as the clients saw them end (202 to final state, client side, polling every 100 ms):");
        foreach (var (outcome, count) in load.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            result.Detail($"  {outcome,-30} {count,5}  {(load.Durations.TryGetValue(outcome, out var durations) ? Statistics.Describe(durations.ToArray()) : string.Empty)}");
        }
        result.Detail($"flaky broker: {flakyBroker.FlakyStatistics.Errors} calls answered with an error, {flakyBroker.FlakyStatistics.Slow} answered after {Flakiness.SlowDelay.TotalSeconds:0} s (seed {Flakiness.Seed}, error share {Flakiness.ErrorShare:0.00}, slow share {Flakiness.SlowShare:0.00}); {flakyBroker.Requests.Count} calls in all");
        result.Detail($"steady broker: {steadyBroker.Requests.Count} calls (provision and deprovision asynchronous, one 'in progress' poll)");
        result.Detail($"clients: {Clients} ({Clients / 2} per broker, one member token per tenant), polling every {PollInterval.TotalMilliseconds:0} ms; brokers' requestTimeoutSeconds={RequestTimeoutSeconds}");
        result.Details(node.DescribeSettings().Select(s => "setting " + s));
        result.Details(node.DescribeLog());
        return [result];
    }

    /// <summary>One client: browse, provision, then (when ready) update, bind, read the credentials, unbind, and deprovision half of the time.</summary>
    private static async Task RunClientAsync(int client, Offering offering, LoadState load)
    {
#pragma warning disable CA5394 // not security: the mix of actions
        var random = new Random(client);
        var member = offering.Member;
        var round = 0;
        while (!load.Over)
        {
            round++;
            await load.SendAsync("browse", () => member.GetAsync($"/api/projects/{offering.Tenant.ProjectId}/marketplace/services"));
            if (load.Over)
            {
                return;
            }

            await load.SendAsync("browse", () => member.GetAsync($"/api/projects/{offering.Tenant.ProjectId}/marketplace/services/{offering.ServiceId}"));
            var posted = load.Over ? null : await load.SendAsync("provision", () => member.PostAsync(offering.InstancesPath, offering.ProvisionBody($"load-{client}-{round}")));
            if (posted is not { Status: 202 })
            {
                continue;
            }

            var id = posted.Json()["id"]!.GetValue<Guid>();
            load.AcceptedInstances[id] = 0;
            var watch = Stopwatch.StartNew();
            var state = await WaitAsync(load, member, offering.InstancePath(id), "read", s => s != "creating");
            if (state is null)
            {
                load.Outcome("create unfinished at the end");
                return;
            }

            load.Outcome("create " + state, watch.Elapsed);
            if (state == "ready" && random.NextDouble() < 0.6)
            {
                var patched = await load.SendAsync("update", () => member.PatchAsync(offering.InstancePath(id), new { parameters = new JsonObject { ["storage_gb"] = random.Next(1, 101) } }));
                if (patched is { Status: 202 })
                {
                    watch.Restart();
                    if (await WaitAsync(load, member, offering.InstancePath(id), "read", s => s != "updating") is not { } updated)
                    {
                        load.Outcome("update unfinished at the end");
                        return;
                    }

                    load.Outcome("update " + updated, watch.Elapsed);
                }
            }

            if (state == "ready" && random.NextDouble() < 0.7)
            {
                var bound = load.Over ? null : await load.SendAsync("bind", () => member.PostAsync(offering.BindingsPath(id), new { name = $"app-{round}" }));
                if (bound is { Status: 202 })
                {
                    var bindingId = bound.Json()["id"]!.GetValue<Guid>();
                    load.AcceptedBindings[bindingId] = id;
                    var bindingPath = $"{offering.BindingsPath(id)}/{bindingId}";
                    watch.Restart();
                    var bindingState = await WaitAsync(load, member, bindingPath, "read-binding", s => s != "creating");
                    if (bindingState is null)
                    {
                        load.Outcome("bind unfinished at the end");
                        return;
                    }

                    load.Outcome("bind " + bindingState, watch.Elapsed);
                    if (bindingState == "ready")
                    {
                        var read = await load.SendAsync("credentials", () => member.GetAsync(bindingPath));
                        if (read is { Status: 200 } && read.Json()["credentials"] is not JsonObject)
                        {
                            Interlocked.Increment(ref load.MissingCredentials);
                        }
                    }

                    var unbound = load.Over ? null : await load.SendAsync("unbind", () => member.DeleteAsync(bindingPath));
                    if (unbound is { Status: 202 })
                    {
                        load.UnbindAccepted[bindingId] = 0;
                        watch.Restart();
                        if (await WaitAsync(load, member, bindingPath, "read-binding", _ => false) is not { } unbindState)
                        {
                            load.Outcome("unbind unfinished at the end");
                            return;
                        }

                        load.Outcome("unbind " + unbindState, watch.Elapsed);
                    }
                }
            }

            if (!load.Over && (state != "ready" || random.NextDouble() < 0.5))
            {
                var deleted = await load.SendAsync("deprovision", () => member.DeleteAsync(offering.InstancePath(id)));
                if (deleted is { Status: 202 })
                {
                    load.DeleteAccepted[id] = 0;
                    watch.Restart();
                    var gone = await WaitAsync(load, member, offering.InstancePath(id), "read", _ => false);
                    load.Outcome(gone is null ? "delete unfinished at the end" : "delete " + gone, gone is null ? null : watch.Elapsed);
                }
            }
        }
#pragma warning restore CA5394
    }

    /// <summary>GETs <paramref name="path"/> every 100 ms until its state satisfies <paramref name="done"/> or it is gone (404: "gone"); null once the window is over.</summary>
    private static async Task<string?> WaitAsync(LoadState load, ApiClient member, string path, string kind, Func<string, bool> done)
    {
        while (!load.Over)
        {
            await Task.Delay(PollInterval);
            if (load.Over)
            {
                return null;
            }

            var read = await load.SendAsync(kind, () => member.GetAsync(path));
            if (read is { Status: 404 })
            {
                return "gone";
            }

            if (read is { Status: 200 } && read.Json()["state"]?.GetValue<string>() is { } state && done(state))
            {
                return state;
            }
        }

        return null;
    }

    /// <summary>What all clients share: counts, what was accepted and deleted, and the clock of the window.</summary>
    private sealed class LoadState
    {
#pragma warning disable CA1051 // a counter for Interlocked
        public int MissingCredentials;
#pragma warning restore CA1051
        private int _completedInWindow;

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public bool Over => Clock.Elapsed >= Window;

        public int CompletedInWindow => Volatile.Read(ref _completedInWindow);

        public StatusCounts All { get; } = new();

        public ConcurrentDictionary<string, StatusCounts> ByKind { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Failures { get; } = new();

        public ConcurrentDictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<Guid, byte> AcceptedInstances { get; } = new();

        public ConcurrentDictionary<Guid, byte> DeleteAccepted { get; } = new();

        /// <summary>Binding id → its instance.</summary>
        public ConcurrentDictionary<Guid, Guid> AcceptedBindings { get; } = new();

        public ConcurrentDictionary<Guid, byte> UnbindAccepted { get; } = new();

        /// <summary>Client-side time from the 202 to the final state seen, per outcome.</summary>
        public ConcurrentDictionary<string, ConcurrentBag<double>> Durations { get; } = new(StringComparer.Ordinal);

        public void Outcome(string what, TimeSpan? took = null)
        {
            Outcomes.AddOrUpdate(what, 1, (_, n) => n + 1);
            if (took is { } duration)
            {
                Durations.GetOrAdd(what, _ => []).Add(duration.TotalSeconds);
            }
        }

        /// <summary>Sends one request, counting its answer (or its lack of one); null when there was no answer.</summary>
        public async Task<ApiAnswer?> SendAsync(string kind, Func<Task<ApiAnswer>> send)
        {
            var counts = ByKind.GetOrAdd(kind, _ => new StatusCounts());
            try
            {
                var answer = await send();
                All.Add(answer.Status);
                counts.Add(answer.Status);
                if (!Over)
                {
                    Interlocked.Increment(ref _completedInWindow);
                }

                if (answer.Status >= 500)
                {
                    Failures.Enqueue(answer.ToString());
                }

                return answer;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                All.NoAnswer();
                counts.NoAnswer();
                Failures.Enqueue($"{kind}: {e.GetType().Name}: {e.Message}");
                return null;
            }
        }
    }
}
