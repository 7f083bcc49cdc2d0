package io.appfleet.telemetry.noc.page;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.appfleet.telemetry.noc.series.DeviceSeries;
import io.appfleet.telemetry.noc.series.SeriesMetric;

/**
 * A line chart drawn by the server as inline SVG: the page needs no script to show it, and the
 * only text in it (series names, axis labels) goes through the template's HTML escaping. Coordinates
 * are in the SVG's own units ({@link #WIDTH} by {@link #HEIGHT}); the CSS scales it.
 *
 * @param quiet  series left out because they never rose above 0 (CPP classes without drops)
 * @param hidden series left out beyond the most the chart draws (the lowest peaks)
 */
public record Chart(String id, String title, String unit, String emptyText, List<Tick> yTicks, List<Tick> xTicks,
        List<Line> lines, int quiet, int hidden) {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 300;
    public static final double LEFT = 96;
    public static final double RIGHT = WIDTH - 16;
    public static final double TOP = 14;
    public static final double BOTTOM = HEIGHT - 40;
    /** Colours the CSS defines (.c0 to .c7), told apart on a dark wall screen. */
    public static final int COLOURS = 8;

    public Chart {
        yTicks = List.copyOf(yTicks);
        xTicks = List.copyOf(xTicks);
        lines = List.copyOf(lines);
    }

    /** A gridline or axis label: {@code pos} is y for the value axis, x for the time axis. */
    public record Tick(double pos, String label, String anchor) {

        Tick(double pos, String label) {
            this(pos, label, "middle");
        }
    }

    /**
     * One series: {@code points} is the polyline's attribute ({@code x,y x,y ...}); a series of one
     * point is drawn as a dot at ({@code dotX}, {@code dotY}). {@code last} is its latest value, written.
     */
    public record Line(String name, int colour, String points, int pointCount, double dotX, double dotY, String last) {
    }

    public boolean empty() {
        return lines.isEmpty();
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public double left() {
        return LEFT;
    }

    public double right() {
        return RIGHT;
    }

    public double top() {
        return TOP;
    }

    public double bottom() {
        return BOTTOM;
    }

    /** Where the value axis's labels end. */
    public double labelX() {
        return LEFT - 8;
    }

    /** The baseline of the time axis's labels. */
    public double axisY() {
        return HEIGHT - 10;
    }

    public double centreX() {
        return (LEFT + RIGHT) / 2;
    }

    public double centreY() {
        return (TOP + BOTTOM) / 2;
    }

    /** What a screen reader says for the picture: title and each line's latest value. */
    public String description() {
        if (lines.isEmpty()) {
            return title + ": " + emptyText;
        }
        StringBuilder b = new StringBuilder(title).append(", latest:");
        for (int i = 0; i < lines.size(); i++) {
            b.append(i == 0 ? " " : ", ").append(lines.get(i).name()).append(' ').append(lines.get(i).last());
        }
        return b.toString();
    }

    /**
     * @param onlyActive leave out series that never rose above 0 (CPP classes without drops)
     * @param maxLines   the most lines drawn; the highest peaks are kept
     */
    public static Chart of(String id, String title, DeviceSeries data, SeriesMetric metric, boolean onlyActive,
            int maxLines) {
        Instant from = data.from();
        Instant to = data.to();
        List<DeviceSeries.Series> shown = new ArrayList<>();
        for (DeviceSeries.Series s : data.series()) {
            if (!s.points().isEmpty() && (!onlyActive || peak(s) > 0)) {
                shown.add(s);
            }
        }
        int quiet = data.series().size() - shown.size();
        int hidden = 0;
        if (shown.size() > maxLines) {
            shown.sort(Comparator.comparingDouble(Chart::peak).reversed().thenComparing(DeviceSeries.Series::name));
            hidden += shown.size() - maxLines;
            shown = new ArrayList<>(shown.subList(0, maxLines));
        }
        shown.sort(Comparator.comparing(DeviceSeries.Series::name));
        double top = 0;
        for (DeviceSeries.Series s : shown) {
            top = Math.max(top, peak(s));
        }
        double yMax = metric == SeriesMetric.MEMORY || metric == SeriesMetric.CPP_DROP_BYTES ? niceBytes(top)
                : niceCeiling(top);
        List<Tick> yTicks = new ArrayList<>();
        for (int i = 0; i <= 2; i++) {
            double v = yMax * i / 2;
            // Without data the scale means nothing: gridlines only.
            yTicks.add(new Tick(y(v, yMax), shown.isEmpty() ? "" : value(metric, v)));
        }
        List<Tick> xTicks = new ArrayList<>();
        long span = Math.max(1, Duration.between(from, to).getSeconds());
        for (int i = 0; i <= 4; i++) {
            Instant t = from.plusSeconds(span * i / 4);
            // The outer labels stay inside the picture.
            xTicks.add(new Tick(x(t, from, span), span > 2 * 86_400 ? day(t) : Format.minute(t),
                    i == 0 ? "start" : i == 4 ? "end" : "middle"));
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            DeviceSeries.Series s = shown.get(i);
            StringBuilder points = new StringBuilder();
            for (DeviceSeries.Point p : s.points()) {
                if (!points.isEmpty()) {
                    points.append(' ');
                }
                points.append(coordinate(x(p.t(), from, span))).append(',').append(coordinate(y(p.v(), yMax)));
            }
            DeviceSeries.Point last = s.points().get(s.points().size() - 1);
            lines.add(new Line(s.name(), i % COLOURS, points.toString(), s.points().size(), x(last.t(), from, span),
                    y(last.v(), yMax), value(metric, last.v())));
        }
        String emptyText = onlyActive && quiet > 0 && quiet == data.series().size()
                ? "no drops in " + quiet + (quiet == 1 ? " class" : " classes") : "no samples in this range";
        return new Chart(id, title, metric.unit(), emptyText, yTicks, xTicks, lines, quiet, hidden);
    }

    /** The value written in the chart's unit. */
    static String value(SeriesMetric metric, double v) {
        return switch (metric) {
            case CPU -> Format.number(v) + "%";
            case MEMORY -> Format.bytes(v);
            case CPP_DROPS -> Format.number(v) + "/s";
            case CPP_DROP_BYTES -> Format.bytes(v) + "/s";
        };
    }

    /** The smallest of 1, 2, 2.5 or 5 times a power of ten at or above {@code v}; 1 for nothing to show. */
    static double niceCeiling(double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= v * (1 - 1e-12)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** A nice ceiling in binary units, so a byte axis reads 0, 100 MiB, 200 MiB rather than 95.4 MiB. */
    static double niceBytes(double v) {
        double unit = 1;
        while (v >= 1024 * unit && unit < Math.pow(1024, 4)) {
            unit *= 1024;
        }
        return niceCeiling(v / unit) * unit;
    }

    private static double peak(DeviceSeries.Series s) {
        double m = 0;
        for (DeviceSeries.Point p : s.points()) {
            m = Math.max(m, p.v());
        }
        return m;
    }

    private static double x(Instant t, Instant from, long span) {
        double f = Duration.between(from, t).toMillis() / 1000.0 / span;
        return LEFT + Math.max(0, Math.min(1, f)) * (RIGHT - LEFT);
    }

    private static double y(double v, double yMax) {
        double f = Math.max(0, Math.min(1, v / yMax));
        return BOTTOM - f * (BOTTOM - TOP);
    }

    private static String coordinate(double c) {
        return String.format(Locale.ROOT, "%.1f", c);
    }

    private static String day(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(java.time.ZoneOffset.UTC).format(t);
    }
}
