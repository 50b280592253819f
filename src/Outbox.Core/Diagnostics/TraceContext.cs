using System.Diagnostics;

namespace Outbox.Core.Diagnostics;

/// <summary>
/// A W3C trace context as it travels outside a process: in an outbox row, then in AMQP headers. Carrying it is what
/// keeps the request that wrote the row, the relay's publish and the consumer's handling in one trace.
/// </summary>
public sealed record TraceContext(string TraceParent, string? TraceState, string? Baggage)
{
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";
    public const string BaggageHeader = "baggage";

    /// <summary>The context of <paramref name="activity"/> (normally <see cref="Activity.Current"/>), or null outside any trace.</summary>
    public static TraceContext? From(Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return null;
        }

        string? traceParent = null, traceState = null, baggage = null;
        DistributedContextPropagator.Current.Inject(activity, carrier: null, (_, name, value) =>
        {
            switch (name)
            {
                case TraceParentHeader: traceParent = value; break;
                case TraceStateHeader: traceState = value; break;
                case BaggageHeader: baggage = value; break;
            }
        });
        return traceParent is null ? null : new TraceContext(traceParent, traceState, baggage);
    }

    /// <summary>Reads the context from message headers (values may be strings or UTF-8 bytes, as AMQP delivers them).</summary>
    public static TraceContext? FromHeaders(IDictionary<string, object?>? headers)
    {
        var traceParent = Read(headers, TraceParentHeader);
        return traceParent is null ? null : new TraceContext(traceParent, Read(headers, TraceStateHeader), Read(headers, BaggageHeader));
    }

    /// <summary>Writes the context into message headers.</summary>
    public void WriteTo(IDictionary<string, object?> headers)
    {
        headers[TraceParentHeader] = TraceParent;
        if (!string.IsNullOrEmpty(TraceState))
        {
            headers[TraceStateHeader] = TraceState;
        }

        if (!string.IsNullOrEmpty(Baggage))
        {
            headers[BaggageHeader] = Baggage;
        }
    }

    /// <summary>
    /// Starts an activity that continues this context: from <paramref name="source"/> when something listens to it, else
    /// a bare activity, so the context still flows to whatever this process sends next even with tracing off.
    /// </summary>
    public Activity? StartActivity(ActivitySource source, string name, ActivityKind kind, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(this, Getter, out var traceId, out var traceState);
        var baggage = DistributedContextPropagator.Current.ExtractBaggage(this, Getter);

        Activity? activity = null;
        if (ActivityContext.TryParse(traceId, traceState, isRemote: true, out var parent))
        {
            activity = source.StartActivity(name, kind, parent, tags);
        }

        if (activity is null)
        {
            activity = new Activity(name);
            if (traceId is not null)
            {
                activity.SetParentId(traceId);
                activity.TraceStateString = traceState;
            }

            activity.Start();
        }

        foreach (var (key, value) in baggage ?? [])
        {
            activity.AddBaggage(key, value);
        }

        return activity;
    }

    private static void Getter(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        var context = (TraceContext)carrier!;
        value = name switch
        {
            TraceParentHeader => context.TraceParent,
            TraceStateHeader => context.TraceState,
            BaggageHeader => context.Baggage,
            _ => null,
        };
        values = null;
    }

    private static string? Read(IDictionary<string, object?>? headers, string name) =>
        headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                string text => text,
                byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
                _ => null,
            }
            : null;
}
