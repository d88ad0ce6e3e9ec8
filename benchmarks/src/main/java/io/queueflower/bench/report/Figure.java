package io.queueflower.bench.report;

/**
 * One measured figure of a suite, as printed in the table and written to the results file.
 *
 * @param id             stable key, compared across runs (e.g. {@code decoders.otlp-proto.spans-per-s})
 * @param stage          pipeline stage the figure belongs to
 * @param value          the figure
 * @param unit           its unit
 * @param ratio          the figure over a baseline measured in the same run (null when there is none); compared across
 *                       runs instead of the raw value because it cancels most of a shared machine's drift
 * @param ratioMeaning   what the ratio divides by what
 * @param target         the target in words, or null
 * @param targetMet      whether the figure meets it, or null when there is no target
 * @param higherIsBetter direction of the value and ratio, for regression checks
 */
public record Figure(String id, String stage, double value, String unit, Double ratio, String ratioMeaning,
                     String target, Boolean targetMet, boolean higherIsBetter) {
}
