package io.queueflower.simulator.engine;

/** A scheduled event; ties in time are broken by the order of scheduling, which keeps runs reproducible. */
final class Event implements Comparable<Event> {
    enum Kind { ARRIVAL, CALL_ARRIVES, WORK_DONE, PS_DONE, RESPONSE, POD_READY }

    final double time;
    final long sequence;
    final Kind kind;
    final Invocation invocation;
    final Pod pod;
    final Station station;
    final int version;

    Event(double time, long sequence, Kind kind, Invocation invocation, Pod pod, Station station, int version) {
        this.time = time;
        this.sequence = sequence;
        this.kind = kind;
        this.invocation = invocation;
        this.pod = pod;
        this.station = station;
        this.version = version;
    }

    @Override
    public int compareTo(Event other) {
        int byTime = Double.compare(time, other.time);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
}
