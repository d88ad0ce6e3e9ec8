package io.queueflower.simulator.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Line charts as inline SVG, so the HTML report is one self-contained file with no script. Hand-written because the
 * report needs only axes, ticks, lines with gaps and a legend, which is less code than embedding a chart library.
 */
public final class SvgChart {
    public static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a"};

    private static final int LEFT = 64;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    /** One line; NaN values leave gaps. */
    public record Series(String name, double[] x, double[] y, String color, boolean dashed, boolean steps) {
        public Series(String name, double[] x, double[] y, String color, boolean dashed) {
            this(name, x, y, color, dashed, false);
        }
    }

    private SvgChart() {
    }

    public static String lines(String title, String xLabel, String yLabel, List<Series> series, boolean logY, int width,
                        int height) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.y()[i]) && (!logY || s.y()[i] > 0)) {
                    xMin = Math.min(xMin, s.x()[i]);
                    xMax = Math.max(xMax, s.x()[i]);
                    yMin = Math.min(yMin, s.y()[i]);
                    yMax = Math.max(yMax, s.y()[i]);
                }
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        if (!Double.isFinite(xMin)) {
            svg.append("<text x=\"70\" y=\"60\">no data</text></svg>\n");
            return svg.toString();
        }
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        double lo;
        double hi;
        List<Double> yTicks = new ArrayList<>();
        if (logY) {
            lo = Math.pow(10, Math.floor(Math.log10(yMin)));
            hi = Math.pow(10, Math.ceil(Math.log10(yMax)));
            if (hi <= lo) {
                hi = lo * 10;
            }
            for (double t = lo; t <= hi * 1.0001; t *= 10) {
                yTicks.add(t);
            }
        } else {
            double step = niceStep((yMax - Math.min(0, yMin)) / 5);
            lo = Math.min(0, Math.floor(yMin / step) * step);
            hi = Math.ceil(yMax / step) * step;
            if (hi <= lo) {
                hi = lo + step;
            }
            for (double t = lo; t <= hi + step / 2; t += step) {
                yTicks.add(t);
            }
        }
        int longest = series.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        int right = 44 + (int) Math.ceil(longest * 6.2); // room for the legend
        int plotW = width - LEFT - right;
        int plotH = height - TOP - BOTTOM;
        Scale x = new Scale(xMin, xMax, LEFT, LEFT + plotW, false);
        Scale y = new Scale(lo, hi, TOP + plotH, TOP, logY);

        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", LEFT, TOP, plotW, plotH));
        for (double t : yTicks) {
            double py = y.map(t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, LEFT + plotW, py, py, LEFT - 4,
                    py + 4, label(t)));
        }
        double xStep = niceStep((xMax - xMin) / 8);
        for (double t = Math.ceil(xMin / xStep) * xStep; t <= xMax + 1e-9; t += xStep) {
            double px = x.map(t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, px, TOP, TOP + plotH, px,
                    TOP + plotH + 14, label(t)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, height - 6, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%d) rotate(-90)\" "
                + "text-anchor=\"middle\">%s</text>%n", TOP + plotH / 2, escape(yLabel + (logY ? " (log)" : ""))));

        int legendY = TOP + 4;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < s.x().length; i++) {
                double v = s.y()[i];
                if (!Double.isFinite(v) || (logY && v <= 0)) {
                    pen = false;
                    continue;
                }
                if (pen && s.steps()) { // hold the previous value until this sample
                    path.append(String.format(Locale.ROOT, " H%.1f", x.map(s.x()[i])));
                }
                path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f,%.1f", x.map(s.x()[i]), y.map(v)));
                pen = true;
            }
            svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"%s>"
                    + "<title>%s</title></path>%n", path.toString().trim(), s.color(),
                    s.dashed() ? " stroke-dasharray=\"5,3\"" : "", escape(s.name())));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"%s/><text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotW + 10, LEFT + plotW + 28,
                    legendY, legendY, s.color(), s.dashed() ? " stroke-dasharray=\"5,3\"" : "", LEFT + plotW + 32,
                    legendY + 4, escape(s.name())));
            legendY += 15;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private record Scale(double from, double to, double pixelFrom, double pixelTo, boolean log) {
        double map(double value) {
            double f = log ? (Math.log10(value) - Math.log10(from)) / (Math.log10(to) - Math.log10(from))
                    : (value - from) / (to - from);
            return pixelFrom + f * (pixelTo - pixelFrom);
        }
    }

    static double niceStep(double rough) {
        if (!(rough > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double residual = rough / magnitude;
        return (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude;
    }

    private static String label(double value) {
        if (Math.abs(value) >= 1000 && value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2g", value);
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
