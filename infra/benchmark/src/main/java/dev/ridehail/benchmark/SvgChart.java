package dev.ridehail.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small dependency-free SVG line chart: a few series of (x, y) points, optional log-scale y and a shaded x band. */
final class SvgChart {

    private static final String[] COLOURS = { "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e" };

    private static final int WIDTH = 760;

    private static final int HEIGHT = 420;

    private static final int LEFT = 80;

    private static final int RIGHT = 190;

    private static final int TOP = 40;

    private static final int BOTTOM = 60;

    record Point(double x, double y) {
    }

    record Series(String name, List<Point> points) {
    }

    private final String title;

    private final String xLabel;

    private final String yLabel;

    private final boolean logY;

    private final List<Series> series = new ArrayList<>();

    private double[] band;

    private String bandLabel;

    SvgChart(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    SvgChart add(String name, List<Point> points) {
        if (!points.isEmpty()) {
            series.add(new Series(name, points));
        }
        return this;
    }

    SvgChart band(double fromX, double toX, String label) {
        this.band = new double[] { fromX, toX };
        this.bandLabel = label;
        return this;
    }

    String render() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Series s : series) {
            for (Point p : s.points) {
                minX = Math.min(minX, p.x);
                maxX = Math.max(maxX, p.x);
                double y = logY ? Math.max(p.y, 0.01) : p.y;
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        if (series.isEmpty()) {
            minX = 0;
            maxX = 1;
            minY = 0;
            maxY = 1;
        }
        if (!logY) {
            minY = Math.min(0, minY);
        }
        minX = Math.min(0, minX);
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        double lowY = logY ? Math.floor(Math.log10(minY)) : minY;
        double highY = logY ? Math.ceil(Math.log10(maxY)) : niceCeiling(maxY);
        if (highY <= lowY) {
            highY = lowY + 1;
        }
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        final double x0 = minX;
        final double x1 = maxX;
        final double y0 = lowY;
        final double y1 = highY;
        java.util.function.DoubleUnaryOperator sx = x -> LEFT + (x - x0) / (x1 - x0) * plotW;
        java.util.function.DoubleUnaryOperator sy = y -> {
            double v = logY ? Math.log10(Math.max(y, 0.01)) : y;
            return TOP + plotH - (v - y0) / (y1 - y0) * plotH;
        };
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        if (band != null) {
            double bx = sx.applyAsDouble(band[0]);
            double bw = sx.applyAsDouble(band[1]) - bx;
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#eeeeee\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" fill=\"#666\">%s</text>%n",
                    bx, TOP, bw, plotH, bx + 4, TOP + 14, escape(bandLabel)));
        }
        // grid and y ticks
        int ticks = logY ? (int) (y1 - y0) : 5;
        for (int i = 0; i <= ticks; i++) {
            double value = logY ? Math.pow(10, y0 + i) : y0 + (y1 - y0) * i / ticks;
            double y = sy.applyAsDouble(value);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT, y, LEFT + plotW, y, LEFT - 6, y + 4, format(value)));
        }
        for (int i = 0; i <= 5; i++) {
            double value = x0 + (x1 - x0) * i / 5;
            double x = sx.applyAsDouble(value);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    x, TOP, x, TOP + plotH, x, TOP + plotH + 18, format(value)));
        }
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#333\"/>%n", LEFT, TOP,
                plotW, plotH));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, HEIGHT - 15, escape(xLabel)));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 18 %.1f)\">%s</text>%n",
                TOP + plotH / 2, TOP + plotH / 2, escape(yLabel + (logY ? " (log scale)" : ""))));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (Point p : s.points) {
                path.append(path.isEmpty() ? "M" : " L")
                    .append(String.format(Locale.ROOT, "%.1f %.1f", sx.applyAsDouble(p.x), sy.applyAsDouble(p.y)));
            }
            svg.append(String.format(Locale.ROOT,
                    "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", path, colour));
            if (s.points.size() <= 30) {
                for (Point p : s.points) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                            sx.applyAsDouble(p.x), sy.applyAsDouble(p.y), colour));
                }
            }
            double ly = TOP + 10 + i * 20;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>"
                            + "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n",
                    LEFT + plotW + 12, ly, LEFT + plotW + 32, ly, colour, LEFT + plotW + 38, ly + 4, escape(s.name)));
        }
        return svg.append("</svg>\n").toString();
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double value) {
        double abs = Math.abs(value);
        if (abs >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (abs >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", value / 1000);
        }
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%.1fk", value / 1000);
        }
        if (abs >= 10 || abs == 0) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.2g", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
