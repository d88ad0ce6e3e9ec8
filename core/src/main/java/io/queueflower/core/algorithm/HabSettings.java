package io.queueflower.core.algorithm;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Parameters of the HAB baseline (the reference's {@code vs_schedule}).
 *
 * @param targetLatencyMs summed mean end-to-end latency R aimed at; the reference's (R_up + R_low)/2 = 1500 ms
 * @param thresholdMs     dead band around the target: R within target ± threshold holds φ (reference 500 ms)
 * @param phiMin          lower end of φ's search interval (reference λ_base = 2)
 * @param phiMax          upper end (reference 10·λ_base = 20)
 * @param lambdaBase      λ_base, the nominal request rate per second (reference 2)
 * @param serviceTimeUnit unit in which s[n] enters φ·λ_base·s[n]. The reference leaves it open (its docstring shows
 *                        seconds, e.g. 0.0003); with seconds φ·λ_base·s[n] stays far below one pod for millisecond
 *                        services, so every service would sit at the minimum of 1 whatever φ is. Milliseconds (the
 *                        default) make φ matter at light load and let the capacity bind under heavy load.
 * @param measuredRates   false (the reference): raw[n] = φ·λ_base·s[n] with the constant λ_base, so pods follow the
 *                        services' mean exclusive times and ignore how much traffic each gets; true: λ[n], the
 *                        service's measured arrival rate, in place of λ_base, so raw[n] = φ·λ[n]·s[n] is φ times the
 *                        requests in the service (with seconds as the unit) — the calibration under which φ is a
 *                        headroom factor. Not the paper's; offered to show what the constant rate costs.
 */
public record HabSettings(double targetLatencyMs, double thresholdMs, double phiMin, double phiMax, double lambdaBase,
                        TimeUnit serviceTimeUnit, boolean measuredRates) {
    public static final HabSettings DEFAULT = new HabSettings(1500, 500, 2, 20, 2, TimeUnit.MILLISECONDS);

    /** The reference's constant-rate HAB. */
    public HabSettings(double targetLatencyMs, double thresholdMs, double phiMin, double phiMax, double lambdaBase,
                     TimeUnit serviceTimeUnit) {
        this(targetLatencyMs, thresholdMs, phiMin, phiMax, lambdaBase, serviceTimeUnit, false);
    }

    /** The same with the measured-rate calibration on or off. */
    public HabSettings withMeasuredRates(boolean value) {
        return new HabSettings(targetLatencyMs, thresholdMs, phiMin, phiMax, lambdaBase, serviceTimeUnit, value);
    }

    public HabSettings {
        Objects.requireNonNull(serviceTimeUnit, "serviceTimeUnit");
        if (!(targetLatencyMs > 0) || !(thresholdMs >= 0) || !(phiMin > 0) || !(phiMax > phiMin) || !(lambdaBase > 0)
                || !Double.isFinite(targetLatencyMs + thresholdMs + phiMax + lambdaBase)) {
            throw new IllegalArgumentException("HAB needs target > 0, threshold >= 0, 0 < phiMin < phiMax and"
                    + " lambdaBase > 0, got target=" + targetLatencyMs + " threshold=" + thresholdMs + " phi=["
                    + phiMin + ", " + phiMax + "] lambdaBase=" + lambdaBase);
        }
        if (serviceTimeUnit != TimeUnit.MILLISECONDS && serviceTimeUnit != TimeUnit.SECONDS) {
            throw new IllegalArgumentException("HAB service time unit must be MILLISECONDS or SECONDS, got " + serviceTimeUnit);
        }
    }

    /** s[n] in this record's unit, from milliseconds. */
    double serviceTime(double ms) {
        return serviceTimeUnit == TimeUnit.SECONDS ? ms / 1000.0 : ms;
    }
}
