package io.queueflower.simulator.engine;

import io.queueflower.simulator.model.Discipline;
import io.queueflower.simulator.model.ServiceModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The queue and the pods of one service.
 *
 * <p>FCFS: one queue in front of all ready pods' servers; a new item takes a free server of the ready pod with the
 * most free servers (lowest index on ties), else waits; a freed server takes the head of the queue. PS: each ready
 * pod shares its capacity among its items (rate min(1, c/n) each); a new item joins the ready pod with the fewest
 * items. Items that find no ready pod wait in the queue until one is ready.
 *
 * <p>Scaling: added pods start (not serving) for the actuation delay; removed pods are taken from the starting ones
 * first, newest first, then from the ready ones, newest first. A removed ready pod stops taking work and leaves when
 * its in-flight items have finished.
 */
final class Station {
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789"; // Kubernetes' safe pod-name characters

    final ServiceModel model;
    final int index;
    private final Simulation simulation;
    private final String podPrefix;
    final List<Pod> pods = new ArrayList<>();
    private final ArrayDeque<Invocation> queue = new ArrayDeque<>();
    private int podsCreated;
    private int desired;
    private double finishedPodSeconds;

    // statistics since the last reset
    private double statsStart;
    private long arrivals;
    private long completions;
    private double waitSum;
    private double sojournSum;
    private double area;
    private double lastChange;
    // busy servers (FCFS: servers working; PS: min(jobs, capacity) per pod), integrated over time: what a CPU
    // metric of the pods would show, for the cluster-side HPA of the experiments
    private int busyServers;
    private double busyArea;
    private double busyChangedAt;
    private int present;

    Station(ServiceModel model, int index, Simulation simulation) {
        this.model = model;
        this.index = index;
        this.simulation = simulation;
        this.podPrefix = model.name() + "-" + token(mix(model.name().hashCode() * 0x9E3779B97F4A7C15L), 9) + "-";
    }

    String name() {
        return model.name();
    }

    int desired() {
        return desired;
    }

    int ready() {
        int ready = 0;
        for (Pod pod : pods) {
            if (pod.state == Pod.State.READY) {
                ready++;
            }
        }
        return ready;
    }

    /** Pods that exist (starting, ready or draining). */
    int existing() {
        return pods.size();
    }

    double podSeconds(double now) {
        double live = 0;
        for (Pod pod : pods) {
            live += now - pod.createdAt;
        }
        return finishedPodSeconds + live;
    }

    int queued() {
        return queue.size();
    }

    // ---- work ----

    void arrive(Invocation item, double now) {
        track(now, +1);
        arrivals++;
        if (model.discipline() == Discipline.FCFS) {
            Pod pod = freestPod();
            if (pod != null) {
                startWork(item, pod, now);
            } else {
                queue.addLast(item);
            }
        } else {
            Pod pod = leastLoadedReadyPod();
            if (pod != null) {
                psAdd(pod, item, now);
            } else {
                queue.addLast(item);
            }
        }
    }

    private Pod freestPod() {
        Pod best = null;
        int bestFree = 0;
        for (Pod pod : pods) {
            if (pod.state == Pod.State.READY) {
                int free = pod.capacity - pod.busy;
                if (free > bestFree) {
                    best = pod;
                    bestFree = free;
                }
            }
        }
        return best;
    }

    private Pod leastLoadedReadyPod() {
        Pod best = null;
        for (Pod pod : pods) {
            if (pod.state == Pod.State.READY && (best == null || pod.jobs.size() < best.jobs.size())) {
                best = pod;
            }
        }
        return best;
    }

    private void startWork(Invocation item, Pod pod, double now) {
        trackBusy(now, +1);
        pod.busy++;
        item.pod = pod;
        item.workStart = now;
        simulation.schedule(now + item.work, Event.Kind.WORK_DONE, item, pod, this, 0);
    }

    /** FCFS: an item's work is done; its server goes to the head of the queue. */
    void workDone(Invocation item, double now) {
        Pod pod = item.pod;
        trackBusy(now, -1);
        pod.busy--;
        finished(item, now);
        if (pod.state == Pod.State.TERMINATING) {
            if (pod.idle()) {
                removePod(pod, now);
            }
        } else if (pod.state == Pod.State.READY && !queue.isEmpty()) {
            startWork(queue.pollFirst(), pod, now);
        }
    }

    private void finished(Invocation item, double now) {
        track(now, -1);
        if (item.serverStart >= statsStart) { // W over the items that arrived inside the measurement interval
            completions++;
            waitSum += item.workStart - item.serverStart;
            sojournSum += now - item.serverStart;
        }
    }

    // ---- processor sharing ----

    private void psAdd(Pod pod, Invocation item, double now) {
        psAdvance(pod, now);
        item.pod = pod;
        item.workStart = now;
        item.finishVirtual = pod.virtualTime + item.work;
        item.sequence = pod.added++;
        trackBusy(now, pod.jobs.size() < pod.capacity ? 1 : 0);
        pod.jobs.add(item);
        psSchedule(pod, now);
    }

    private static double rate(Pod pod) {
        return Math.min(1.0, pod.capacity / (double) pod.jobs.size());
    }

    private static void psAdvance(Pod pod, double now) {
        double elapsed = now - pod.lastUpdate;
        if (elapsed > 0 && !pod.jobs.isEmpty()) {
            pod.virtualTime += elapsed * rate(pod);
        }
        pod.lastUpdate = now;
    }

    private void psSchedule(Pod pod, double now) {
        pod.version++;
        if (pod.jobs.isEmpty()) {
            return;
        }
        double least = pod.jobs.peek().finishVirtual - pod.virtualTime;
        simulation.schedule(now + Math.max(0, least) / rate(pod), Event.Kind.PS_DONE, null, pod, this, pod.version);
    }

    /** PS: the next completion of a pod is due, unless the pod's job set changed since it was scheduled. */
    List<Invocation> psDone(Pod pod, int version, double now) {
        if (version != pod.version) {
            return List.of();
        }
        psAdvance(pod, now);
        // Everything within a nanosecond of the first finish is done now: float noise must not leave a job a few ulps
        // short of its work.
        double threshold = Math.max(pod.jobs.peek().finishVirtual, pod.virtualTime) + 1e-9;
        List<Invocation> done = new ArrayList<>(1);
        int jobsBefore = pod.jobs.size();
        while (!pod.jobs.isEmpty() && pod.jobs.peek().finishVirtual <= threshold) {
            done.add(pod.jobs.poll());
        }
        trackBusy(now, Math.min(pod.jobs.size(), pod.capacity) - Math.min(jobsBefore, pod.capacity));
        for (Invocation job : done) {
            finished(job, now);
        }
        if (pod.state == Pod.State.TERMINATING && pod.idle()) {
            removePod(pod, now);
        } else {
            psSchedule(pod, now);
        }
        return done;
    }

    // ---- scaling ----

    void initialise(int replicas, double now) {
        desired = replicas;
        for (int i = 0; i < replicas; i++) {
            pods.add(newPod(Pod.State.READY, now));
        }
    }

    /** Sets the desired replicas; returns the pods that start (their ready events are scheduled by the caller). */
    List<Pod> scale(int replicas, double now) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas of " + name() + " must be >= 0, got " + replicas);
        }
        desired = replicas;
        int active = 0;
        for (Pod pod : pods) {
            if (pod.state != Pod.State.TERMINATING) {
                active++;
            }
        }
        List<Pod> started = new ArrayList<>();
        for (int i = active; i < replicas; i++) {
            Pod pod = newPod(Pod.State.STARTING, now);
            pods.add(pod);
            started.add(pod);
        }
        for (int remove = active - replicas; remove > 0; remove--) {
            Pod victim = null;
            for (int i = pods.size() - 1; i >= 0 && victim == null; i--) {
                if (pods.get(i).state == Pod.State.STARTING) {
                    victim = pods.get(i);
                }
            }
            for (int i = pods.size() - 1; i >= 0 && victim == null; i--) {
                if (pods.get(i).state == Pod.State.READY) {
                    victim = pods.get(i);
                }
            }
            if (victim.state == Pod.State.STARTING || victim.idle()) {
                victim.state = Pod.State.TERMINATING;
                removePod(victim, now);
            } else {
                if (model.discipline() == Discipline.PS) {
                    psAdvance(victim, now);
                }
                victim.state = Pod.State.TERMINATING;
            }
        }
        return started;
    }

    /** A starting pod finished its start-up; it takes waiting work at once. */
    void podReady(Pod pod, double now) {
        if (pod.state != Pod.State.STARTING) {
            return; // removed while starting
        }
        pod.state = Pod.State.READY;
        pod.lastUpdate = now;
        if (model.discipline() == Discipline.FCFS) {
            while (pod.busy < pod.capacity && !queue.isEmpty()) {
                startWork(queue.pollFirst(), pod, now);
            }
        } else {
            while (!queue.isEmpty()) {
                psAdd(leastLoadedReadyPod(), queue.pollFirst(), now);
            }
        }
    }

    private Pod newPod(Pod.State state, double now) {
        int n = podsCreated++;
        return new Pod(podPrefix + token(mix(podPrefix.hashCode() + 0x632BE59BD9B4E019L * (n + 1)), 5), n,
                model.concurrencyPerPod(), now, state);
    }

    private void removePod(Pod pod, double now) {
        pods.remove(pod);
        finishedPodSeconds += now - pod.createdAt;
    }

    // ---- statistics ----

    private void trackBusy(double now, int delta) {
        busyArea += busyServers * (now - busyChangedAt);
        busyChangedAt = now;
        busyServers += delta;
    }

    /** Busy server-seconds since the start. */
    double busySeconds(double now) {
        return busyArea + busyServers * (now - busyChangedAt);
    }

    private void track(double now, int delta) {
        area += present * (now - lastChange);
        lastChange = now;
        present += delta;
    }

    void resetStats(double now) {
        track(now, 0);
        statsStart = now;
        arrivals = 0;
        completions = 0;
        waitSum = 0;
        sojournSum = 0;
        area = 0;
    }

    StationStats stats(double now) {
        track(now, 0);
        double span = now - statsStart;
        return new StationStats(name(), span, arrivals, completions,
                completions == 0 ? 0 : waitSum / completions, completions == 0 ? 0 : sojournSum / completions,
                span > 0 ? area / span : 0);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String token(long bits, int length) {
        StringBuilder out = new StringBuilder(length);
        long value = bits;
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt((int) Long.remainderUnsigned(value, ALPHABET.length())));
            value = Long.divideUnsigned(value, ALPHABET.length());
            if (value == 0) {
                value = mix(bits + i);
            }
        }
        return out.toString();
    }
}
