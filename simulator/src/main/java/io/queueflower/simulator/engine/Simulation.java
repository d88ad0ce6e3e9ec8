package io.queueflower.simulator.engine;

import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import io.queueflower.core.workload.PoissonArrivals;
import io.queueflower.core.workload.RatePattern;
import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.CallNode;
import io.queueflower.simulator.model.FlowModel;
import io.queueflower.simulator.model.OperationModel;
import io.queueflower.simulator.model.Protocol;
import io.queueflower.simulator.model.ServiceModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A discrete-event simulation of an {@link AppModel} under Poisson arrivals, in simulated seconds from 0.
 *
 * <p>A request is one trace. At each call the callee's station queues the call's work (see {@link Station}); after
 * the work the callee runs its steps (the calls of a step in parallel, steps in order), each call crossing the
 * network both ways, then answers. A call that fails (by its operation's error probability, or because a call it made
 * failed) skips its remaining steps and answers with an error, as the hotelReservation handlers return on the first
 * error. The spans are what gRPC/HTTP instrumentation records: a SERVER span at the callee from the call's arrival to
 * its answer, on the pod that did the work, and a CLIENT span at the caller from sending to receiving the answer.
 *
 * <p>Reproducible: arrivals come from their own generators, and every request gets its own generator (split in arrival
 * order) from which its flow, work, delays, failures and ids are drawn in the call tree's structural order. So the
 * same seed gives the same requests whatever the replicas do, and the same seed and replica changes give the same
 * spans. Single-threaded; drive it with {@link #runUntil} and change replicas between calls.
 */
public final class Simulation {
    private final AppModel model;
    /** Arrival streams; {@link #streamFlow} gives each one's flow, or null for a stream mixed by weights. */
    private final PoissonArrivals[] streams;
    private final FlowModel[] streamFlow;
    private final SimulationSettings options;
    private final List<SimulationListener> listeners = new ArrayList<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final Map<String, Station> stations = new LinkedHashMap<>();
    private final FlowModel[] flows;
    private final double[] cumulativeWeight;
    private final SplittableRandom requestRandoms;

    private double now;
    private long sequence;
    private double stopArrivalsAt;
    private long started;
    private long completed;

    /** Requests at {@code arrivals} per second in total, mixed by the flows' weights. */
    public Simulation(AppModel model, RatePattern arrivals, SimulationSettings options, SimulationListener listener) {
        this(model, new Arrivals.Mixed(arrivals), options, listener);
    }

    public Simulation(AppModel model, Arrivals arrivals, SimulationSettings options, SimulationListener listener) {
        this.model = Objects.requireNonNull(model, "model");
        Objects.requireNonNull(arrivals, "arrivals");
        this.options = Objects.requireNonNull(options, "options");
        listeners.add(Objects.requireNonNull(listener, "listener"));
        for (String service : options.initialReplicas().keySet()) {
            if (!model.services().containsKey(service)) {
                throw new IllegalArgumentException("initial replicas name service '" + service
                        + "', which model " + model.name() + " does not have (services: "
                        + String.join(", ", model.services().keySet()) + ")");
            }
        }
        int index = 0;
        for (ServiceModel service : model.services().values()) {
            Station station = new Station(service, index++, this);
            station.initialise(options.initialReplicas().getOrDefault(service.name(), service.replicas()), 0);
            stations.put(service.name(), station);
        }
        List<FlowModel> weighted = model.flows().stream().filter(f -> f.weight() > 0).toList();
        flows = weighted.toArray(FlowModel[]::new);
        cumulativeWeight = new double[flows.length];
        double total = 0;
        for (int i = 0; i < flows.length; i++) {
            total += flows[i].weight();
            cumulativeWeight[i] = total;
        }
        for (int i = 0; i < flows.length; i++) {
            cumulativeWeight[i] /= total;
        }
        SplittableRandom master = new SplittableRandom(options.seed());
        SplittableRandom arrivalRandoms = master.split();
        requestRandoms = master.split();
        if (arrivals instanceof Arrivals.PerFlow perFlow) {
            for (String flow : perFlow.rates().keySet()) {
                model.flow(flow); // names the unknown flow
            }
            // model order, so the streams' generators do not depend on how the map was built
            List<FlowModel> named = model.flows().stream().filter(f -> perFlow.rates().containsKey(f.name())).toList();
            streams = new PoissonArrivals[named.size()];
            streamFlow = new FlowModel[named.size()];
            for (int i = 0; i < named.size(); i++) {
                streamFlow[i] = named.get(i);
                streams[i] = new PoissonArrivals(perFlow.rates().get(named.get(i).name()), arrivalRandoms.split());
            }
        } else {
            streams = new PoissonArrivals[] {new PoissonArrivals(((Arrivals.Mixed) arrivals).total(),
                    arrivalRandoms.split())};
            streamFlow = new FlowModel[1];
        }
        stopArrivalsAt = options.stopArrivalsAtSeconds();
        for (int i = 0; i < streams.length; i++) {
            scheduleNextArrival(i);
        }
    }

    /** Adds a listener; every listener sees every request completed from now on, in the order they were added. */
    public void addListener(SimulationListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public AppModel model() {
        return model;
    }

    public SimulationSettings options() {
        return options;
    }

    /** Simulated time, seconds. */
    public double now() {
        return now;
    }

    /** Unix time in µs of a simulated time. */
    public long epochMicros(double seconds) {
        return options.epochStartMicros() + Math.round(seconds * 1e6);
    }

    /** Time of the next event, or +∞ when nothing is scheduled. */
    public double nextEventTime() {
        Event next = events.peek();
        return next == null ? Double.POSITIVE_INFINITY : next.time;
    }

    /**
     * Runs every event before {@code until} (exclusive) and moves the clock to it. Replica changes made right after
     * therefore take effect before any event at exactly {@code until}.
     */
    public void runUntil(double until) {
        if (until < now) {
            throw new IllegalArgumentException("cannot run back to " + until + " s from " + now + " s");
        }
        while (!events.isEmpty() && events.peek().time < until) {
            Event event = events.poll();
            now = event.time;
            dispatch(event);
        }
        if (Double.isFinite(until)) {
            now = until;
        }
    }

    /** Stops arrivals from now on and runs until every request in flight has answered. */
    public void drain() {
        stopArrivalsAt = Math.min(stopArrivalsAt, now);
        while (!events.isEmpty()) {
            Event event = events.poll();
            now = event.time;
            dispatch(event);
        }
    }

    /** No request arrives at or after this time. */
    public void stopArrivalsAt(double seconds) {
        stopArrivalsAt = seconds;
    }

    /** Requests that arrived. */
    public long requestsStarted() {
        return started;
    }

    /** Requests that were answered. */
    public long requestsCompleted() {
        return completed;
    }

    public List<String> services() {
        return List.copyOf(stations.keySet());
    }

    /** Desired replicas (what a Deployment's spec.replicas would say), including pods still starting. */
    public int replicas(String service) {
        return station(service).desired();
    }

    /** Desired replicas of every service. */
    public SortedMap<String, Integer> replicas() {
        TreeMap<String, Integer> replicas = new TreeMap<>();
        stations.forEach((name, station) -> replicas.put(name, station.desired()));
        return Collections.unmodifiableSortedMap(replicas);
    }

    /** Pods that serve now (started and not removed). */
    public int readyReplicas(String service) {
        return station(service).ready();
    }

    /** Pods that exist now: starting, ready, or removed but still finishing their requests. */
    public int existingPods(String service) {
        return station(service).existing();
    }

    /** Work items waiting for a server of the service now. */
    public int queued(String service) {
        return station(service).queued();
    }

    /** Σ over the service's pods of the time they existed (starting, ready or draining) up to now. */
    public double podSeconds(String service) {
        return station(service).podSeconds(now);
    }

    /**
     * Sets a service's desired replicas now. New pods serve after the actuation delay; removed pods stop taking work
     * at once and leave when their in-flight work is done.
     */
    public void setReplicas(String service, int replicas) {
        Station station = station(service);
        for (Pod pod : station.scale(replicas, now)) {
            if (options.actuationDelaySeconds() == 0) {
                station.podReady(pod, now);
            } else {
                schedule(now + options.actuationDelaySeconds(), Event.Kind.POD_READY, null, pod, station, 0);
            }
        }
    }

    /**
     * Busy server-seconds of the service since the start (FCFS: servers working; PS: min(requests, concurrency) per
     * pod): a CPU-seconds figure, as a metrics server would read it.
     */
    public double busySeconds(String service) {
        return station(service).busySeconds(now);
    }

    public StationStats stationStats(String service) {
        return station(service).stats(now);
    }

    /** Starts a new measurement interval for every station's {@link StationStats}. */
    public void resetStationStats() {
        stations.values().forEach(s -> s.resetStats(now));
    }

    private Station station(String service) {
        Station station = stations.get(service);
        if (station == null) {
            throw new IllegalArgumentException("unknown service '" + service + "' (services: "
                    + String.join(", ", stations.keySet()) + ")");
        }
        return station;
    }

    // ---- events ----

    void schedule(double time, Event.Kind kind, Invocation invocation, Pod pod, Station station, int version) {
        events.add(new Event(time, sequence++, kind, invocation, pod, station, version));
    }

    private void dispatch(Event event) {
        switch (event.kind) {
            case ARRIVAL -> {
                if (event.time < stopArrivalsAt) {
                    startRequest(streamFlow[event.version]);
                    scheduleNextArrival(event.version);
                }
            }
            case CALL_ARRIVES -> {
                Invocation call = event.invocation;
                call.serverStart = now;
                call.station.arrive(call, now);
            }
            case WORK_DONE -> {
                event.station.workDone(event.invocation, now);
                afterWork(event.invocation);
            }
            case PS_DONE -> {
                for (Invocation done : event.station.psDone(event.pod, event.version, now)) {
                    afterWork(done);
                }
            }
            case RESPONSE -> response(event.invocation);
            case POD_READY -> event.station.podReady(event.pod, now);
        }
    }

    private void scheduleNextArrival(int stream) {
        double time = streams[stream].next();
        if (Double.isFinite(time) && time < stopArrivalsAt) {
            schedule(Math.max(time, now), Event.Kind.ARRIVAL, null, null, null, stream);
        }
    }

    /** A request arrives; {@code fixedFlow} is its flow, or null to draw one by the weights. */
    private void startRequest(FlowModel fixedFlow) {
        SplittableRandom random = requestRandoms.split();
        double coin = random.nextDouble(); // drawn either way, so a request's other draws keep their place
        FlowModel flow = fixedFlow;
        if (flow == null) {
            int flowIndex = 0;
            while (flowIndex < flows.length - 1 && coin >= cumulativeWeight[flowIndex]) {
                flowIndex++;
            }
            flow = flows[flowIndex];
        }
        long high = random.nextLong();
        long low = random.nextLong();
        if (high == 0 && low == 0) {
            low = 1; // an all-zero trace id is invalid in both Jaeger and OTel
        }
        Request request = new Request(flow, Hex.of(high, low), random, now, options.emitSpans());
        started++;
        Invocation root = invocation(request, flow.root(), null);
        root.clientStart = now;
        root.serverStart = now;
        root.station.arrive(root, now);
    }

    private Invocation invocation(Request request, CallNode node, Invocation parent) {
        SplittableRandom random = request.random;
        Station station = stations.get(node.service());
        OperationModel operation = station.model.operations().get(node.operation());
        double work = operation.serviceTime().sample(random);
        double requestDelay = node.network().sample(random);
        double responseDelay = node.network().sample(random);
        boolean fails = operation.errorProbability() > 0 && random.nextDouble() < operation.errorProbability();
        long clientSpanId = nonZero(random.nextLong());
        long serverSpanId = nonZero(random.nextLong());
        return new Invocation(request, node, parent, station, work, requestDelay, responseDelay, fails, clientSpanId,
                serverSpanId);
    }

    private static long nonZero(long id) {
        return id == 0 ? 1 : id;
    }

    private void afterWork(Invocation call) {
        if (call.failsItself) {
            call.failed = true;
            answer(call);
        } else {
            runStep(call, 0);
        }
    }

    private void runStep(Invocation call, int step) {
        List<CallNode.Step> steps = call.node.steps();
        if (step >= steps.size()) {
            answer(call);
            return;
        }
        call.stepIndex = step;
        List<CallNode> calls = steps.get(step).calls();
        call.pending = calls.size();
        List<Invocation> children = new ArrayList<>(calls.size());
        for (CallNode node : calls) {
            children.add(invocation(call.request, node, call)); // all draws first, in the step's order
        }
        for (Invocation child : children) {
            child.clientStart = now;
            schedule(now + child.requestDelay, Event.Kind.CALL_ARRIVES, child, null, null, 0);
        }
    }

    /** The callee answers: its SERVER span ends here. */
    private void answer(Invocation call) {
        Request request = call.request;
        if (request.spans != null) {
            request.spans.add(span(request, call.serverSpanId, call.parent == null ? 0 : call.clientSpanId,
                    call.node.service(), call.node.operation(), SpanKind.SERVER, call.serverStart, now,
                    call.pod.name, call.node.protocol(), call.failed));
        }
        if (call.parent == null) {
            completed++;
            CompletedRequest done = new CompletedRequest(request.flow.name(), request.traceId, request.start, now,
                    call.failed, request.spans == null ? List.of() : Collections.unmodifiableList(request.spans));
            for (SimulationListener listener : listeners) {
                listener.requestCompleted(done);
            }
        } else {
            schedule(now + call.responseDelay, Event.Kind.RESPONSE, call, null, null, 0);
        }
    }

    /** The answer reaches the caller: the caller's CLIENT span ends here. */
    private void response(Invocation child) {
        Invocation caller = child.parent;
        Request request = child.request;
        if (request.spans != null) {
            request.spans.add(span(request, child.clientSpanId, caller.serverSpanId, caller.node.service(),
                    child.node.operation(), SpanKind.CLIENT, child.clientStart, now, caller.pod.name,
                    child.node.protocol(), child.failed));
        }
        if (child.failed) {
            caller.childFailed = true;
        }
        if (--caller.pending == 0) {
            if (caller.childFailed) {
                caller.failed = true;
                answer(caller);
            } else {
                runStep(caller, caller.stepIndex + 1);
            }
        }
    }

    private Span span(Request request, long spanId, long parentSpanId, String service, String operation, SpanKind kind,
                      double start, double end, String host, Protocol protocol, boolean failed) {
        long startMicros = epochMicros(start);
        long endMicros = epochMicros(end);
        int status = protocol == Protocol.HTTP ? (failed ? 500 : 200) : (failed ? 2 : 0);
        // The all-arguments constructor: the builder re-validates defaults per span, measurably slower here.
        return new Span(request.traceId, Hex.of(spanId), parentSpanId == 0 ? null : Hex.of(parentSpanId), service,
                operation, kind, startMicros, endMicros - startMicros, host, status, failed);
    }
}
